using Runbooks.Core.Errors;

namespace Runbooks.Providers.Http;

/// <summary>
/// The <c>Http</c> that runbooks see: probes of a service's own endpoints (<c>/api/health</c> and the seeds'
/// verification endpoints). Probes are single requests with a short timeout and no retries: a probe that retried
/// would hide exactly the failures it is there to see. Polling replaces the seeds' <c>sleep 10; curl -f</c>.
/// </summary>
public sealed class HttpProbe : IDisposable
{
    private readonly ProviderContext _context;
    private readonly HttpClient _http;

    /// <summary>Creates a probe.</summary>
    /// <param name="context">Log, clock and cancellation of the run.</param>
    /// <param name="probeTimeout">How long one probe may take (default 5 s, the seeds' <c>--timeout=5</c>).</param>
    /// <param name="handler">The transport; tests may substitute one.</param>
    public HttpProbe(ProviderContext context, TimeSpan? probeTimeout = null, HttpMessageHandler? handler = null)
    {
        _context = context;
        // A probe sees a redirect as it is (a maintenance redirect is an answer to verify), as curl -f without -L does.
        _http = new HttpClient(handler ?? NoRedirects(GuardedHttpHandler.Create(context.Endpoints, TimeSpan.FromSeconds(30))))
        {
            Timeout = probeTimeout ?? TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>How often <see cref="WaitUntilHealthy"/> polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Sends one GET to <paramref name="url"/> and reports what came back; never throws for a failed probe.</summary>
    /// <exception cref="EnvironmentUnavailableException">In a drill, for an endpoint that is not on loopback (exit 3).</exception>
    public Task<HttpCheck> Check(string url, CancellationToken cancellation = default) => Check(url, null, cancellation);

    /// <summary>
    /// Sends <paramref name="request"/> (an authenticated GET, a POST) to <paramref name="url"/> and reports what came back,
    /// headers and body included; never throws for a failed probe.
    /// </summary>
    public async Task<HttpCheck> Check(string url, ProbeRequest? request, CancellationToken cancellation = default)
    {
        _context.Endpoints.EnsureAllowed(new Uri(url, UriKind.RelativeOrAbsolute), "the probe");
        var started = _context.Time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        try
        {
            using var message = Message(url, request);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            return new HttpCheck(url, response.StatusCode, _context.Time.GetElapsedTime(started))
            {
                Headers = headers,
                Body = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false),
            };
        }
        catch (TaskCanceledException) when (!linked.IsCancellationRequested)
        {
            return new HttpCheck(url, null, _context.Time.GetElapsedTime(started), $"no answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new HttpCheck(url, null, _context.Time.GetElapsedTime(started), e.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "connection failed",
                _ => e.Message,
            });
        }
    }

    /// <summary>
    /// Like <c>curl -fs</c>: GETs <paramref name="url"/> and returns the body, to check what the service says of itself
    /// (the version it serves, a flag); fails the step with one sentence unless the answer is 2xx.
    /// </summary>
    public async Task<string> Body(string url, CancellationToken cancellation = default)
    {
        _context.Endpoints.EnsureAllowed(new Uri(url, UriKind.RelativeOrAbsolute), "the probe");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        try
        {
            using var response = await _http.GetAsync(url, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new RunbookException($"{url} is not healthy: it answered HTTP {(int)response.StatusCode}.", ExitCodes.Failed);
            return await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RunbookException($"{url} could not be read: {e.Message}", ExitCodes.Failed, e);
        }
    }

    /// <summary>Like <c>curl -f</c>: probes once and fails the step with one sentence unless the answer is 2xx.</summary>
    public Task<HttpCheck> Verify(string url, CancellationToken cancellation = default) => Verify(url, null, cancellation);

    /// <summary>Like <c>curl -f -H ...</c>: sends <paramref name="request"/> once and fails the step with one sentence unless the answer is 2xx.</summary>
    public async Task<HttpCheck> Verify(string url, ProbeRequest? request, CancellationToken cancellation = default)
    {
        var check = await Check(url, request, cancellation).ConfigureAwait(false);
        if (!check.Healthy) throw new RunbookException($"{url} is not healthy: it answered {check.Outcome}.", ExitCodes.Failed);
        _context.Log.Log($"{url}: {check.Outcome} in {check.Elapsed.TotalMilliseconds:0} ms");
        return check;
    }

    /// <summary>
    /// Probes once and fails the step with one sentence unless the answer is <paramref name="status"/>: a maintenance
    /// redirect (302), a key that must no longer work (401).
    /// </summary>
    public async Task<HttpCheck> Expect(string url, int status, ProbeRequest? request = null, CancellationToken cancellation = default)
    {
        var check = await Check(url, request, cancellation).ConfigureAwait(false);
        if (check.Status is not { } s || (int)s != status)
            throw new RunbookException($"{url} answered {check.Outcome}{(request?.Bearer is null ? "" : " with the token given")}, not the HTTP {status} expected.", ExitCodes.Failed);
        _context.Log.Log($"{url}: {check.Outcome} as expected{(check.Header("Location") is { } to ? " -> " + to : "")}");
        return check;
    }

    /// <summary>
    /// Watches <paramref name="url"/> for <paramref name="window"/> after a change (seed 000: "Monitor for 5 minutes", ten
    /// checks 30 s apart; seed 003: 30 minutes): <paramref name="checks"/> probes spread over the window, on the run's clock
    /// (a drill runs the window at its scale). Fails the step with one sentence when more than one check in ten fails;
    /// one failed check is logged and tolerated, as one lost packet is no relapse.
    /// </summary>
    public async Task<MonitorResult> Monitor(string url, TimeSpan window, int checks = 10, CancellationToken cancellation = default)
    {
        if (window <= TimeSpan.Zero) throw new BadInputException($"A monitoring window must be positive, not {window}.");
        if (checks < 1) throw new BadInputException($"A monitoring window needs at least one check, not {checks}.");
        var clock = _context.Clock;
        var spacing = window / checks;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        var failed = new List<string>();
        for (var i = 1; i <= checks; i++)
        {
            // A wait of the window's own length, not work: recorded as simulated time, so a drill projects it at its real length.
            await clock.WaitAsync(spacing, "monitoring window", linked.Token).ConfigureAwait(false);
            var check = await Check(url, linked.Token).ConfigureAwait(false);
            _context.Log.Log($"Monitoring check {i}/{checks}: {check.Outcome}");
            if (!check.Healthy) failed.Add($"check {i}: {check.Outcome}");
        }
        if (failed.Count * 10 > checks)
            throw new RunbookException($"{url} relapsed while monitored for {window.TotalMinutes:0.#} min: {failed.Count} of {checks} checks failed ({string.Join("; ", failed)}).",
                ExitCodes.Failed);
        return new MonitorResult(url, window, checks, failed.Count);
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers 2xx, and says how long that took; fails the step with one sentence
    /// naming the last answer when <paramref name="deadline"/> (real-world, waited on the run's clock) passes first.
    /// </summary>
    public Task<HealthWait> WaitUntilHealthy(string url, TimeSpan deadline, CancellationToken cancellation = default)
        => WaitUntil(url, null, c => c.Healthy, "become healthy", deadline, cancellation);

    /// <summary>
    /// Polls <paramref name="url"/> until it answers <paramref name="status"/> (e.g. 503 once the maintenance Worker serves),
    /// failing the step with one sentence when <paramref name="deadline"/> passes first.
    /// </summary>
    public Task<HealthWait> WaitForStatus(string url, int status, TimeSpan deadline, CancellationToken cancellation = default)
        => WaitUntil(url, null, c => c.Status is { } s && (int)s == status, $"answer HTTP {status}", deadline, cancellation);

    /// <summary>
    /// Polls with <paramref name="request"/> until <paramref name="url"/> answers <paramref name="status"/> (a leaked key
    /// refused with 401 once the rotation has propagated), failing the step when <paramref name="deadline"/> passes first.
    /// </summary>
    public Task<HealthWait> WaitForStatus(string url, int status, TimeSpan deadline, ProbeRequest request, CancellationToken cancellation = default)
        => WaitUntil(url, request, c => c.Status is { } s && (int)s == status, $"answer HTTP {status}", deadline, cancellation);

    // The deadline is real-world and runs on the run's clock, so in a drill a service that recovers within it at scale 1
    // also does at any other scale. The poll interval is not scaled: it is how finely recovery is observed, not a wait
    // that decides the outcome; so the last wait is cut to the deadline and one more poll is made on it, rather than
    // giving up a poll interval early (which at time scale 0.02 is 12.5 s of a real-world deadline).
    private async Task<HealthWait> WaitUntil(string url, ProbeRequest? request, Func<HttpCheck, bool> done, string what, TimeSpan deadline, CancellationToken cancellation)
    {
        var clock = _context.Clock;
        var limit = clock.Deadline(deadline);
        var started = clock.Time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _context.Cancellation);
        var polls = 0;
        while (true)
        {
            var check = await Check(url, request, linked.Token).ConfigureAwait(false);
            polls++;
            var elapsed = clock.Time.GetElapsedTime(started);
            if (done(check))
            {
                _context.Log.Log($"{url}: {check.Outcome} after {elapsed.TotalSeconds:0.0} s ({polls} polls)");
                return new HealthWait(url, elapsed, polls);
            }
            var remaining = limit - elapsed;
            if (remaining <= TimeSpan.Zero)
                throw new RunbookException(
                    $"{url} did not {what} within {deadline.TotalSeconds:0.#} s: the last of {polls} polls answered {check.Outcome}.",
                    ExitCodes.Failed);
            await Task.Delay(remaining < PollInterval ? remaining : PollInterval, clock.Time, linked.Token).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Message(string url, ProbeRequest? request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request?.Method ?? "GET"), url);
        if (request is null) return message;
        if (request.Bearer is { } token)
        {
            _context.Secrets.Redactor.Add(token);
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        foreach (var (name, value) in request.Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (request.Body is { } body) message.Content = new StringContent(body, System.Text.Encoding.UTF8, request.ContentType);
        return message;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        const int limit = 64 * 1024;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[limit];
        var read = 0;
        int n;
        while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellation).ConfigureAwait(false)) > 0) read += n;
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static SocketsHttpHandler NoRedirects(SocketsHttpHandler handler)
    {
        handler.AllowAutoRedirect = false;
        return handler;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
