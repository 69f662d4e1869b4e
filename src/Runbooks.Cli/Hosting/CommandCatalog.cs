using System.CommandLine;
using Runbooks.Cli.Commands;

namespace Runbooks.Cli.Hosting;

/// <summary>The commands beyond the runbook host's own (drill, rto, sim): each area adds its command here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Extensions(CliSession session)
    {
        yield return DrillCommand.Create(session);
        yield return RtoCommand.Create(session);
        yield return SimCommand.Create(session);
    }
}
