using System.Diagnostics;
using System.Text.RegularExpressions;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.WireMock;

/// <summary>
/// The official WireMock standalone server (npm package <c>wiremock</c>), started with <c>java -jar</c> (a second faster
/// than <c>npx</c>) on a free 127.0.0.1 port with a bounded request journal. Stopped on dispose (idempotent), when
/// starting fails, and when this process exits; a server whose owner was killed is reaped by the next start
/// (<see cref="WireMockProcessMarker"/>).
/// </summary>
public sealed partial class WireMockServer : IMockServer
{
    private readonly Process _process;
    private readonly string _rootDirectory;
    private readonly HttpClient _http;
    private int _disposed;

    private WireMockServer(Process process, string rootDirectory, Uri baseUrl)
    {
        _process = process;
        ProcessId = process.Id;
        _rootDirectory = rootDirectory;
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        Admin = new WireMockAdminClient(_http);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <inheritdoc />
    public Uri BaseUrl { get; }

    /// <inheritdoc />
    public WireMockAdminClient Admin { get; }

    /// <summary>How long the server took from <c>java -jar</c> to answering its admin API.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>The java process id.</summary>
    public int ProcessId { get; }

    /// <summary>Starts a server and waits until its admin API answers.</summary>
    /// <exception cref="EnvironmentUnavailableException">Java or the jar is missing, or the server did not come up in time.</exception>
    public static async Task<WireMockServer> StartAsync(WireMockOptions? options = null, CancellationToken cancellation = default)
    {
        options = (options ?? WireMockOptions.Default).Validate();
        WireMockProcessMarker.ReapOrphans();
        var jar = WireMockInstallation.EnsureJar(options.RepositoryRoot);
        var root = Directory.CreateTempSubdirectory("runbooks-wiremock-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "mappings"));
        Directory.CreateDirectory(Path.Combine(root, "__files"));

        var info = new ProcessStartInfo("java")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var arg in (string[])[WireMockProcessMarker.Argument(System.Environment.ProcessId), "-jar", jar,
                     "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind-address", "127.0.0.1", "--root-dir", root, "--disable-banner",
                     "--max-request-journal-entries", options.MaxRequestJournalEntries.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            info.ArgumentList.Add(arg);
        foreach (var arg in options.ExtraArguments) info.ArgumentList.Add(arg);

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new EnvironmentUnavailableException("Could not start `java -jar` for the WireMock simulator.");
        var output = new System.Text.StringBuilder();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(options.StartTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            var first = await Task.WhenAny(port.Task, exited).ConfigureAwait(false);
            if (first != port.Task)
            {
                cancellation.ThrowIfCancellationRequested();
                throw new EnvironmentUnavailableException(process.HasExited
                    ? $"The WireMock simulator exited with code {process.ExitCode} while starting: {LastLine(output)}"
                    : $"The WireMock simulator did not start within {options.StartTimeout.TotalSeconds:0} s: {LastLine(output)}");
            }
            var baseUrl = new Uri($"http://127.0.0.1:{port.Task.Result}");
            var server = new WireMockServer(process, root, baseUrl);
            try
            {
                await server.Admin.WaitUntilReadyAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException && !cancellation.IsCancellationRequested)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new EnvironmentUnavailableException($"The WireMock simulator at {baseUrl} did not answer its admin API within {options.StartTimeout.TotalSeconds:0} s.", e);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            server.StartTime = Stopwatch.GetElapsedTime(started);
            return server;
        }
        catch when (!process.HasExited)
        {
            Stop(process);
            TryDelete(root);
            throw;
        }

        void Watch(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            var m = PortLine().Match(line);
            if (m.Success) port.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^port:\s+(\d+)")]
    private static partial Regex PortLine();

    private static string LastLine(System.Text.StringBuilder output)
    {
        lock (output)
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop(_process);

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Stops the server and removes its folder; a second call does nothing.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _http.Dispose();
        Stop(_process);
        _process.Dispose();
        TryDelete(_rootDirectory);
        return ValueTask.CompletedTask;
    }
}
