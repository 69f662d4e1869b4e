using System.CommandLine;
using Runbooks.Cli.Hosting;
using Runbooks.Core.Errors;
using Runbooks.Core.Rto;

namespace Runbooks.Cli.Commands;

/// <summary><c>rto</c>: the RTO/RPO table in force (<c>.config/rto.json</c>).</summary>
internal static class RtoCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("rto", "Show the RTO/RPO table in force (.config/rto.json).");
        command.SetAction(_ =>
        {
            RtoTable table;
            try { table = RtoTable.LoadDefault(); }
            catch (BadInputException e) { session.Error(e.Message); return ExitCodes.BadInput; }
            Console.Out.WriteLine("Recovery Time Objectives (RTO)");
            Print(table.Rto.Values, "SEVERITY");
            Console.Out.WriteLine();
            Console.Out.WriteLine("Recovery Point Objectives (RPO)");
            Print(table.Rpo.Values, "DATA");
            if (table.Source is not null) Console.Out.WriteLine($"\nsource: {table.Source}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IEnumerable<Objective> rows, string keyHeader)
    {
        var list = rows.ToList();
        var keyWidth = Math.Max(keyHeader.Length, list.Max(r => r.Key.Length + (r.Description is null ? 0 : r.Description.Length + 3)));
        Console.Out.WriteLine($"  {keyHeader.PadRight(keyWidth)}  {"TARGET",-10}  ACCEPTABLE");
        foreach (var r in list)
        {
            var key = r.Description is null ? r.Key : $"{r.Key} ({r.Description})";
            Console.Out.WriteLine($"  {key.PadRight(keyWidth)}  {Format(r.Target),-10}  {Format(r.Acceptable)}");
        }
    }

    private static string Format(TimeSpan t) => Runbooks.Drills.Definitions.DurationText.Format(t);
}
