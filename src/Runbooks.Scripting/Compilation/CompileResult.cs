namespace Runbooks.Scripting.Compilation;

/// <summary>What compiling a runbook produced: the image to cache (null on errors), required params, and diagnostics.</summary>
/// <param name="Image">The emitted assembly with its PDB embedded, or null when there were errors.</param>
/// <param name="RequiredParams">Literal names of <c>Param("name")</c> calls without a default, in the runbook and its loads.</param>
/// <param name="Errors">Errors as <c>file(line,col): error CSxxxx: message</c>.</param>
/// <param name="Warnings">Warnings in the same form.</param>
public sealed record CompileResult(byte[]? Image, IReadOnlyList<string> RequiredParams, IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings);
