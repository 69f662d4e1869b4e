using Runbooks.Core.Incidents;
using Runbooks.Providers.Configuration;

namespace Runbooks.Providers.Notify;

/// <summary>
/// The channels a run notifies, from what it is given: Slack when <c>SLACK_WEBHOOK_URL</c> is set; the status page when
/// <c>STATUSPAGE_API_KEY</c> and the page id (<c>STATUSPAGE_PAGE_ID</c> or <c>statuspage.pageId</c> in
/// environments.json) are. Neither is an error: the notification is then only recorded.
/// </summary>
public static class IncidentChannels
{
    /// <summary>The default Statuspage API.</summary>
    public static readonly Uri StatuspageApi = new("https://api.statuspage.io/v1");

    /// <summary>The channels <paramref name="context"/> configures.</summary>
    public static IReadOnlyList<IIncidentChannel> FromContext(ProviderContext context)
    {
        var channels = new List<IIncidentChannel>();
        if (context.Secrets.TryGet(SlackWebhookChannel.UrlVariable) is { Length: > 0 } hook)
            channels.Add(new SlackWebhookChannel(new Uri(hook), context));
        var section = EnvironmentsFile.Section(context.ConfigDirectory, context.EnvironmentName, "statuspage");
        var page = ProviderSetting.Resolve(context.Variables, section, "pageId", null, "STATUSPAGE_PAGE_ID");
        if (page is not null && context.Secrets.TryGet(StatuspageChannel.KeyVariable) is { Length: > 0 })
        {
            var api = ProviderSetting.Resolve(context.Variables, section, "apiBaseUrl", StatuspageApi.ToString(), "STATUSPAGE_API_BASE_URL")!;
            channels.Add(new StatuspageChannel(new Uri(api), page, context));
        }
        return channels;
    }
}
