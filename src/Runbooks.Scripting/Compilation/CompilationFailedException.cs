using Runbooks.Core.Errors;

namespace Runbooks.Scripting.Compilation;

/// <summary>A runbook did not compile (exit 2). <see cref="Diagnostics"/> are lines of the form <c>file(line,col): error CSxxxx: message</c>.</summary>
public sealed class CompilationFailedException(string runbookPath, IReadOnlyList<string> diagnostics)
    : BadInputException($"{runbookPath} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}")
{
    /// <summary>The compiler's errors, each naming the file the user wrote (the runbook or a file it loads).</summary>
    public IReadOnlyList<string> Diagnostics { get; } = diagnostics;
}
