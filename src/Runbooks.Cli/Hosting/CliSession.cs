using System.Runtime.InteropServices;
using Runbooks.Core.Secrets;

namespace Runbooks.Cli.Hosting;

/// <summary>
/// The process-wide state of one CLI invocation: the secret redactor every output passes through (stdout and
/// stderr are replaced by redacting writers, so even a script's own <c>Console.Write</c> is masked), and the
/// cancellation that SIGINT and SIGTERM trigger. A second Ctrl-C kills the process at once.
/// </summary>
public sealed class CliSession : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    private CliSession()
    {
        Redactor = new SecretRedactor();
        IsTerminal = !Console.IsOutputRedirected;
        CanAsk = !Console.IsInputRedirected && !Console.IsOutputRedirected;
        _stdout = new RedactingTextWriter(Console.Out, Redactor);
        _stderr = new RedactingTextWriter(Console.Error, Redactor);
        Console.SetOut(_stdout);
        Console.SetError(_stderr);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Starts the session: installs redacting console writers and signal handlers.</summary>
    public static CliSession Start() => new();

    /// <summary>Every secret value seen in this process.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Cancellation => _cancel.Token;

    /// <summary>Whether stdout is a terminal (live, coloured output) rather than a pipe or file.</summary>
    public bool IsTerminal { get; }

    /// <summary>Whether there is an operator to ask (stdin and stdout are a terminal).</summary>
    public bool CanAsk { get; }

    /// <summary>Writes one line to stderr, redacted.</summary>
    public void Error(string message) => Console.Error.WriteLine($"error: {message}");

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // a second signal: let the default action end the process now
        context.Cancel = true;
        Console.Error.WriteLine($"{(context.Signal == PosixSignal.SIGINT ? "Interrupt" : "SIGTERM")} received: cancelling the running step (a second Ctrl-C kills at once).");
        _cancel.Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stdout.Flush();
        _stderr.Flush();
    }
}
