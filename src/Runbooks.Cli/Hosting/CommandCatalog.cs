using System.CommandLine;

namespace Runbooks.Cli.Hosting;

/// <summary>The commands beyond the runbook host's own (drill, rto, sim): each area adds its command here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Extensions(CliSession session)
    {
        yield return Commands.RtoCommand.Create(session);
    }
}
