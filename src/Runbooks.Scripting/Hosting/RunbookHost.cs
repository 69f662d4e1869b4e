using System.Runtime.CompilerServices;
using Runbooks.Core.Runs;
using Runbooks.Scripting.Caching;
using Runbooks.Scripting.Compilation;
using Runbooks.Scripting.Globals;

namespace Runbooks.Scripting.Hosting;

/// <summary>
/// The script engine: prepares a runbook (cache hit, or compile and store) and runs it with its globals.
/// On a cache hit Roslyn is never loaded; compiling sits behind a method the JIT only sees on a miss.
/// </summary>
public sealed class RunbookHost(ScriptCache cache, Func<string, string>? displayPath = null)
{
    private readonly Func<string, string> _display = displayPath ?? (p => RunbookLocator.Display(p));

    /// <summary>The compile cache in use.</summary>
    public ScriptCache Cache => cache;

    /// <summary>Returns the runbook ready to run. Throws <see cref="CompilationFailedException"/> (exit 2) when it does not compile.</summary>
    public PreparedRunbook Prepare(string runbookPath)
    {
        var source = RunbookSource.Read(runbookPath);
        var key = ScriptCache.KeyFor(source);
        // A missing, half-written or tampered entry is a miss: it is compiled again and replaced.
        if (cache.TryGet(key, source.Path) is { } hit)
        {
            try { return new PreparedRunbook(hit, ScriptInvoker.LoadEntryPoint(hit.ImagePath), FromCache: true); }
            catch (InvalidDataException) { cache.Evict(key); } // corrupt entry: rebuilt below, never fatal
        }
        var entry = CompileAndStore(source, key);
        return new PreparedRunbook(entry, ScriptInvoker.LoadEntryPoint(entry.ImagePath), FromCache: false);
    }

    /// <summary>Compiles without running and returns every diagnostic; a clean runbook is also stored in the cache.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public CompileResult Check(string runbookPath)
    {
        var source = RunbookSource.Read(runbookPath);
        var result = ScriptCompiler.Compile(source, _display);
        if (result.Image is not null) cache.Store(ScriptCache.KeyFor(source), source.Path, result.Image, result.RequiredParams);
        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private CacheEntry CompileAndStore(RunbookSource source, string key)
    {
        var result = ScriptCompiler.Compile(source, _display);
        if (result.Image is null) throw new CompilationFailedException(_display(source.Path), result.Errors);
        return cache.Store(key, source.Path, result.Image, result.RequiredParams);
    }

    /// <summary>
    /// Runs the script to its end. When the run is cancelled, code outside a step gets the grace period to stop and
    /// is then abandoned, so the process exits promptly even if the script ignores the token.
    /// </summary>
    public static async Task RunAsync(PreparedRunbook runbook, RunbookGlobals globals, RunbookRun run)
    {
        var script = ScriptInvoker.Start(runbook.EntryPoint, globals);
        // A running step abandons its body after the grace period and journals it cancelled; this outer limit, a
        // little later, is only for code outside any step, so it must not beat the step to the journal.
        var abandoned = AbandonAfterGraceAsync(run.Cancellation, run.Settings.CancellationGrace + TimeSpan.FromMilliseconds(500), run.Time);
        var winner = await Task.WhenAny(script, abandoned).ConfigureAwait(false);
        if (winner != script)
        {
            _ = script.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw new OperationCanceledException(run.Cancellation);
        }
        await script.ConfigureAwait(false);
    }

    private static async Task AbandonAfterGraceAsync(CancellationToken cancellation, TimeSpan grace, TimeProvider time)
    {
        try { await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellation).ConfigureAwait(false); }
        catch (OperationCanceledException) { await Task.Delay(grace, time).ConfigureAwait(false); }
    }
}
