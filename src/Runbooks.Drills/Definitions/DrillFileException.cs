using Runbooks.Core.Errors;

namespace Runbooks.Drills.Definitions;

/// <summary>A malformed drill file (exit 2): the message names the file, the line and column, and what is allowed.</summary>
public sealed class DrillFileException(string path, int line, int column, string problem)
    : BadInputException($"{path}({line},{column}): {problem}")
{
    /// <summary>The drill file.</summary>
    public string FilePath { get; } = path;

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; } = line;
}
