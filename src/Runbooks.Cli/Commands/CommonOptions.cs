using System.CommandLine;

namespace Runbooks.Cli.Commands;

/// <summary>Options shared by the commands that run a runbook.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Param() => new("--param", "-p")
    {
        Description = "A runbook param as name=value (repeatable); RUNBOOK_PARAM_<NAME> in the environment also works.",
        HelpName = "name=value",
    };

    public static Option<string?> Environment() => new("--env")
    {
        Description = "The environment in .config to run against (production, staging, drill).",
        HelpName = "name",
    };

    public static Option<bool> Verbose() => new("--verbose")
    {
        Description = "On failure, also print the (redacted) exception and stack trace.",
    };

    public static Argument<string?> Runbook(string description) => new("runbook")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
    };
}
