using System.Net.Http.Json;
using Runbooks.Core.Incidents;
using Runbooks.Providers.Http;

namespace Runbooks.Providers.Notify;

/// <summary>
/// A Slack incoming webhook (SLACK-1): the URL is the credential, kept as the secret <c>SLACK_WEBHOOK_URL</c> and masked
/// wherever the run writes. Slack answers <c>ok</c>; anything else is refused (a revoked hook is 404 <c>no_service</c>),
/// and 429 or 5xx are tried again within the retry budget.
/// </summary>
public sealed class SlackWebhookChannel : IIncidentChannel, IDisposable
{
    /// <summary>The secret holding the webhook URL.</summary>
    public const string UrlVariable = "SLACK_WEBHOOK_URL";

    private readonly ProviderHttpClient _http;

    /// <summary>Posts to <paramref name="webhookUrl"/>.</summary>
    public SlackWebhookChannel(Uri webhookUrl, ProviderContext context, HttpMessageHandler? handler = null)
    {
        // The URL is the credential: masked also as the client writes it (normalized, no trailing slash) and as its path alone,
        // which a refusal names without the host.
        foreach (var form in new[] { webhookUrl.ToString(), webhookUrl.ToString().TrimEnd('/'), webhookUrl.AbsolutePath })
            context.Secrets.Redactor.Add(form, UrlVariable);
        _http = new ProviderHttpClient(new ProviderIdentity("Slack", UrlVariable), webhookUrl, static () => "", ProviderHttpOptions.Default, context,
            static body => body.Trim() is { Length: > 0 } text ? new ProviderError(text, text) : null, handler);
    }

    /// <inheritdoc />
    public string Name => "Slack";

    /// <inheritdoc />
    public async Task<string> PostAsync(IncidentUpdate update, CancellationToken cancellation)
    {
        var text = $"*{update.Severity ?? "Incident"}* {update.Status.ToApiName()}{(update.Summary is null ? "" : $" - {update.Summary}")}: {update.Message}";
        // A post sent twice shows twice; the webhook gives no id to read back, so a timed-out post is not sent again.
        var response = await _http.SendAsync(new ProviderRequest(HttpMethod.Post, "", () => JsonContent.Create(new { text })), "posting to Slack", cancellation)
            .ConfigureAwait(false);
        if (response.Body.Trim() != "ok") throw new ProviderException($"Slack answered '{response.Body.Trim()}' instead of ok.", "Slack", response.Status, null);
        return text;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
