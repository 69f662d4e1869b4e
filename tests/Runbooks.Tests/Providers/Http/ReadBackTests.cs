using System.Net;
using Runbooks.Core.Errors;
using Runbooks.Core.Runs;
using Runbooks.Core.Sealing;
using Runbooks.Core.Secrets;
using Runbooks.Providers;
using Runbooks.Providers.Http;
using Runbooks.Tests.Support;

namespace Runbooks.Tests.Providers.Http;

/// <summary>
/// A POST whose answer was lost is not sent twice when the state shows it took effect. The transport is substituted so
/// the provider can act and still fail to answer, which the simulator cannot do.
/// </summary>
public sealed class ReadBackTests
{
    private static readonly ProviderHttpOptions Fast = new()
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(300), BaseDelay = TimeSpan.FromMilliseconds(10), MaxJitter = TimeSpan.Zero,
    };

    private readonly List<string> _log = [];

    private ProviderHttpClient Client(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) => new(
        new ProviderIdentity("Cloudflare", "CLOUDFLARE_API_TOKEN"), new Uri("http://127.0.0.1:9/client/v4"), () => "token-abcdef", Fast,
        new ProviderContext(new SecretStore(new SecretRedactor(), RunVariables.Sealed(new Dictionary<string, string>())), new ListLog(_log)),
        _ => null, new StubHandler(answer));

    [Theory]
    [InlineData("502")]
    [InlineData("timeout")]
    public async Task A_rollback_that_took_effect_but_lost_its_answer_is_not_sent_again(string lost)
    {
        var posts = 0;
        using var http = Client(async request =>
        {
            posts++; // the provider acts on every POST it receives: a second one would roll back twice
            if (lost == "timeout") await Task.Delay(TimeSpan.FromSeconds(5));
            return new HttpResponseMessage(HttpStatusCode.BadGateway);
        });
        var reads = 0;
        var request = new ProviderRequest(HttpMethod.Post, "/deployments")
        {
            ReadBack = _ => { reads++; return Task.FromResult<ProviderResponse?>(new ProviderResponse(HttpStatusCode.OK, "{\"deployed\":true}")); },
        };

        var response = await http.SendAsync(request, "deploying version v1 of worker api");

        Assert.Equal((1, 1), (posts, reads));
        Assert.Equal("{\"deployed\":true}", response.Body);
        Assert.Contains(_log, l => l.Contains("the state shows it took effect; not sent again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_back_that_fails_too_says_the_effect_is_unknown_and_sends_nothing_again()
    {
        var posts = 0;
        using var http = Client(_ => { posts++; return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadGateway)); });
        var request = new ProviderRequest(HttpMethod.Post, "/deployments")
        {
            ReadBack = _ => throw new EnvironmentUnavailableException("The Cloudflare API at http://127.0.0.1:9/client/v4 could not be reached while listing deployments."),
        };

        var e = await Assert.ThrowsAsync<RunbookException>(() => http.SendAsync(request, "deploying version v1 of worker api"));

        Assert.Equal(1, posts);
        Assert.Equal(ExitCodes.EnvironmentUnavailable, e.ExitCode);
        Assert.StartsWith("Cloudflare answered HTTP 502 while deploying version v1 of worker api, and reading the state back failed too, so it is unknown "
            + "whether it took effect; it was not sent again", e.Message);
    }

    private sealed class ListLog(List<string> lines) : IRunLog
    {
        public void Log(string message) { lock (lines) lines.Add(message); }
    }
}
