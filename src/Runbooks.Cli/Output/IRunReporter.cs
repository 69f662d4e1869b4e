using Runbooks.Core.Runs;
using Runbooks.Scripting.Hosting;

namespace Runbooks.Cli.Output;

/// <summary>A run observer that also prints the final summary.</summary>
internal interface IRunReporter : IRunObserver
{
    void Summary(ExecOutcome outcome);
}
