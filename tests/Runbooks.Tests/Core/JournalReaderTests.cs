using Runbooks.Core.Errors;
using Runbooks.Core.Journal;

namespace Runbooks.Tests.Core;

public sealed class JournalReaderTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Read_KeepsEverythingBeforeATornLastLine()
    {
        File.WriteAllText(_path, """
            {"ts":"t","event":"run.start","runbook":"/r/x.csx","params":{"worker":"api"}}
            {"ts":"t","event":"step.end","step":"A","occurrence":1,"outcome":"ok","result":{"id":"d1"}}
            {"ts":"t","event":"step.end","step":"B","occurrence":1,"outcome":"failed"}
            {"ts":"t","event":"step.end","step":"C","occ
            """);

        var state = JournalReader.Read(_path);

        Assert.Equal("/r/x.csx", state.RunbookPath);
        Assert.Equal("api", state.Params["worker"]);
        Assert.Equal("""{"id":"d1"}""", Assert.Single(state.Completed).ResultJson);
        Assert.Null(state.Find("B", 1));
    }

    [Fact]
    public void Read_RejectsAFileThatIsNotAJournal()
    {
        File.WriteAllText(_path, "{\"event\":\"log\"}\n");
        var e = Assert.Throws<BadInputException>(() => JournalReader.Read(_path));
        Assert.Contains("(1): first event is 'log'", e.Message);
    }
}
