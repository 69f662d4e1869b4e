using Runbooks.Core.Timing;
using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Timeout;
using Runbooks.Core.Errors;

namespace Runbooks.Providers.Http;

/// <summary>
/// Sends provider API calls through the shared policy (<see cref="ProviderResiliencePipeline"/>) and turns every
/// failure into one sentence naming provider, operation and resource: an API error is a <see cref="ProviderException"/>
/// (exit 1), an API that cannot be reached is an <see cref="EnvironmentUnavailableException"/> (exit 3).
/// The token goes only into the Authorization header; every message is passed through the run's redactor as well.
/// </summary>
public sealed class ProviderHttpClient : IDisposable
{
    private readonly ProviderIdentity _identity;
    private readonly string _baseUrl;
    private readonly Func<string> _token;
    private readonly ProviderHttpOptions _options;
    private readonly ProviderContext _context;
    private readonly Func<string, ProviderError?> _readError;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _attempt;

    /// <summary>Creates a client.</summary>
    /// <param name="identity">Provider name and token variable, for messages.</param>
    /// <param name="baseUrl">The API base URL (e.g. <c>https://api.cloudflare.com/client/v4</c>).</param>
    /// <param name="token">Reads the token when the first call is made (so building a client never needs it).</param>
    /// <param name="options">Timeout and retry rules.</param>
    /// <param name="context">Log, clock, secrets and cancellation of the run.</param>
    /// <param name="readError">Reads the provider's error body; null when the body is not the provider's error shape.</param>
    /// <param name="handler">The transport; tests and drills may substitute one.</param>
    public ProviderHttpClient(ProviderIdentity identity, Uri baseUrl, Func<string> token, ProviderHttpOptions options,
        ProviderContext context, Func<string, ProviderError?> readError, HttpMessageHandler? handler = null)
    {
        _identity = identity;
        _baseUrl = baseUrl.ToString().TrimEnd('/');
        _token = token;
        _options = options.Validate();
        _context = context;
        _readError = readError;
        _http = new HttpClient(handler ?? GuardedHttpHandler.Create(context.Endpoints, TimeSpan.FromMinutes(2)))
        {
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline times each attempt
        };
        _attempt = ProviderResiliencePipeline.Build(_options, Time);
    }

    /// <summary>The base URL calls go to.</summary>
    public string BaseUrl => _baseUrl;

    private TimeProvider Time => _context.Clock.Time;

    /// <summary>
    /// Sends <paramref name="request"/>; <paramref name="operation"/> completes "while ..." in error sentences. Failures
    /// worth another attempt are retried while <see cref="ProviderHttpOptions.RetryBudget"/> allows, each wait taken on
    /// the run's clock. A request that is not idempotent is never sent again blindly: after an answer that leaves its
    /// effect unknown, the state is read back first (<see cref="ProviderRequest.ReadBack"/>), so a rollback never
    /// happens twice.
    /// </summary>
    public async Task<ProviderResponse> SendAsync(ProviderRequest request, string operation, CancellationToken cancellation = default)
    {
        _context.Endpoints.EnsureAllowed(new Uri(_baseUrl), $"the {_identity.Name} API");
        var token = _token();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        var window = new RetryWindow(_context.Clock, _options);
        var locked = 0;
        while (true)
        {
            var outcome = await AttemptAsync(request, token, window, linked.Token).ConfigureAwait(false);
            var response = outcome.Result;
            var failure = outcome.Exception;
            if (response is { IsSuccessStatusCode: true })
            {
                using (response)
                    return new ProviderResponse(response.StatusCode, await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false));
            }
            // 423: refused while other operations run, nothing done, so even a POST goes again, a fixed number of times.
            if (response is { StatusCode: HttpStatusCode.Locked } && locked < _options.LockedRetries)
            {
                locked++;
                response.Dispose();
                Log($"HTTP 423 (operations already running) while {operation}; retrying in {Retrying(_options.LockedRetryDelay, window)}");
                await window.WaitAsync(_options.LockedRetryDelay, $"{_identity.Name} API wait for running operations (HTTP 423)", linked.Token).ConfigureAwait(false);
                continue;
            }

            var retryable = request.IsIdempotent
                ? ProviderResiliencePipeline.IsTransient(outcome, _options, Time)
                : ProviderResiliencePipeline.IsRefusedUnacted(outcome, _options, Time);
            var ambiguous = !request.IsIdempotent && ProviderResiliencePipeline.IsAmbiguous(outcome, _options, Time);
            if (retryable || ambiguous && request.ReadBack is not null)
            {
                var delay = ProviderResiliencePipeline.NextDelay(outcome, window.Attempts, _options, Time, out var asked);
                if (window.Allows(delay))
                {
                    var brief = ProviderResiliencePipeline.Brief(outcome);
                    response?.Dispose();
                    if (ambiguous)
                    {
                        var what = failure is null ? brief : failure is TimeoutRejectedException ? "no answer" : "a lost connection";
                        Log($"{what} while {operation}; reading the state back before sending it again");
                        if (await ReadBackAsync(request, what, operation, linked.Token).ConfigureAwait(false) is { } applied)
                        {
                            Log("the state shows it took effect; not sent again");
                            return applied;
                        }
                        Log($"the state shows it did not take effect; sending it again in {Retrying(delay, window)}");
                    }
                    else
                    {
                        Log($"{ProviderResiliencePipeline.Describe(outcome)}; retrying in {Retrying(delay, window)}");
                    }
                    await window.WaitAsync(delay, asked ? $"{_identity.Name} API Retry-After" : $"{_identity.Name} API retry back-off after {brief}",
                        linked.Token).ConfigureAwait(false);
                    continue;
                }
            }
            var unknownEffect = ambiguous
                ? " It was not sent again because it may have taken effect: check the state before running the step again."
                : "";

            if (failure is TimeoutRejectedException)
                throw Unreachable($"did not answer within {HumanDuration.Of(_options.AttemptTimeout)} while {operation} ({window.Summary})", failure, unknownEffect);
            if (failure is not null)
                throw Unreachable($"could not be reached while {operation} ({window.Summary}): {Innermost(failure).Message}", failure, unknownEffect);

            using (response)
            {
                var body = await response!.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
                var error = Failure(response, body, operation, window);
                if (unknownEffect.Length == 0) throw error;
                throw new ProviderException(error.Message + unknownEffect, error.Provider, error.Status, error.Error);
            }
        }
    }

    // One attempt through the timeout pipeline; what the transport threw becomes an outcome the policy can judge.
    private async Task<Outcome<HttpResponseMessage>> AttemptAsync(ProviderRequest request, string token, RetryWindow window, CancellationToken cancellation)
    {
        window.AttemptStarted();
        try
        {
            return Outcome.FromResult(await _attempt.ExecuteAsync(async ct =>
            {
                using var message = new HttpRequestMessage(request.Method, _baseUrl + request.PathAndQuery);
                if (token.Length > 0) message.Headers.Authorization = new AuthenticationHeaderValue(_identity.Scheme, token);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (request.Content is not null) message.Content = request.Content();
                return await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            }, cancellation).ConfigureAwait(false));
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException or IOException && !cancellation.IsCancellationRequested)
        {
            return Outcome.FromException<HttpResponseMessage>(e);
        }
    }

    // "8.4 s (attempt 5)": the real-world wait; in a drill also what it lasts there, so a log read against the drill's
    // timeline adds up.
    private string Retrying(TimeSpan delay, RetryWindow window)
    {
        var next = window.Attempts + 1;
        var attempt = _options.MaxAttempts is { } max ? $"attempt {next} of {max}" : $"attempt {next}";
        var scale = _context.Clock.Scale;
        return scale.IsRealTime
            ? $"{HumanDuration.Of(delay)} ({attempt})"
            : $"{HumanDuration.Of(delay)} ({attempt}; {HumanDuration.Of(scale.ToDrill(delay))} at time scale {scale})";
    }

    // A read-back that fails leaves the effect unknown: the sentence says so rather than only naming the read that failed.
    private async Task<ProviderResponse?> ReadBackAsync(ProviderRequest request, string what, string operation, CancellationToken cancellation)
    {
        try { return await request.ReadBack!(cancellation).ConfigureAwait(false); }
        catch (RunbookException e)
        {
            throw new RunbookException(Redact($"{_identity.Name} answered {what} while {operation}, and reading the state back failed too, so it is " +
                $"unknown whether it took effect; it was not sent again: check the state before running the step again. The read: {e.Message}"), e.ExitCode, e);
        }
    }

    private void Log(string line) => _context.Log.Log(Redact($"{_identity.Name}: {line}"));

    private ProviderException Failure(HttpResponseMessage response, string body, string operation, RetryWindow window)
    {
        var status = (int)response.StatusCode;
        var error = _readError(body) ?? new ProviderError(null, $"HTTP {status} {Shorten(body)}".TrimEnd());
        var name = _identity.Name;
        var sentence = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                $"{name} rejected the API token ({_identity.TokenVariable}) while {operation}: {error}",
            HttpStatusCode.NotFound => $"{name} found no such resource while {operation}: {error}",
            HttpStatusCode.TooManyRequests when RetryAfter.Read(response.Headers, Time.GetUtcNow()) is { } wait && wait > _options.MaxRetryAfter =>
                $"{name} rate-limited the API token while {operation} and asks to wait {wait.TotalSeconds:0} s, longer than the " +
                $"{_options.MaxRetryAfter.TotalSeconds:0} s a runbook waits: {error}",
            HttpStatusCode.TooManyRequests => $"{name} kept rate-limiting the API token while {operation} ({window.Summary}): {error}",
            _ when status >= 500 => $"{name} failed with HTTP {status} while {operation} ({window.Summary}): {error}",
            _ => $"{name} refused the request while {operation}: {error} (HTTP {status})",
        };
        return new ProviderException(Redact(sentence), name, response.StatusCode, error);
    }

    private EnvironmentUnavailableException Unreachable(string what, Exception inner, string suffix = "")
        => new(Redact($"The {_identity.Name} API at {_baseUrl} {what}.{suffix}"), inner);

    private string Redact(string text) => _context.Secrets.Redactor.Redact(text);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static string Shorten(string body)
    {
        // An HTML error page (a WAF challenge, a 502 from the edge) would drown the sentence.
        var line = body.ReplaceLineEndings(" ").Trim();
        return line.StartsWith('<') ? "(HTML error page)" : line.Length > 160 ? line[..160] + "..." : line;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
