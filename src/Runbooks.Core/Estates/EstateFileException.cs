using Runbooks.Core.Errors;

namespace Runbooks.Core.Estates;

/// <summary>A malformed estate file (exit 2): the message names the file, the line and column, and what is allowed.</summary>
public sealed class EstateFileException(string path, int line, int column, string problem)
    : BadInputException($"{path}({line},{column}): {problem}")
{
    /// <summary>The estate file.</summary>
    public string FilePath { get; } = path;

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; } = line;
}
