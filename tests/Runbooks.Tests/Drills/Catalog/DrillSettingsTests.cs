using Runbooks.Core.Errors;
using Runbooks.Drills.Catalog;
using Runbooks.Drills.Environments.Postgres;

namespace Runbooks.Tests.Drills.Catalog;

public sealed class DrillSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private void Write(string json)
    {
        Directory.CreateDirectory(Path.Combine(_dir, ".config"));
        File.WriteAllText(Path.Combine(_dir, ".config", "drills.json"), json);
    }

    [Fact]
    public void Without_a_file_drills_run_at_0_02()
        => Assert.Equal(0.02, DrillSettings.Load(_dir).TimeScale.Value);

    [Fact]
    public void The_file_sets_the_default_time_scale()
    {
        Write("""{ "timeScale": 0.05 }""");
        Assert.Equal(0.05, DrillSettings.Load(_dir).TimeScale.Value);
    }

    [Theory]
    [InlineData("""{ "timeScale": 0 }""", "timeScale must be above 0 and at most 1, not 0")]
    [InlineData("""{ "timeScale": 2 }""", "timeScale must be above 0 and at most 1, not 2")]
    [InlineData("""{ "timeScale": "fast" }""", "not a drill settings file")]
    [InlineData("""{ "timeScale": """, "not a drill settings file")]
    [InlineData("""{ "historyDir": " " }""", "historyDir must name a folder")]
    [InlineData("""{ "historyDir": 3 }""", "not a drill settings file")]
    [InlineData("""{ "postgres": { "backend": "podman" } }""", "postgres.backend must be embedded, testcontainers or auto, not 'podman'.")]
    [InlineData("""{ "postgres": { "backend": true } }""", "postgres.backend must be embedded, testcontainers or auto, not 'true'.")]
    [InlineData("""{ "postgres": { "image": "postgres" } }""", "postgres.image must be a Docker image name with a tag")]
    [InlineData("""{ "postgres": { "imgae": "postgres:16" } }""", "postgres.imgae is not a setting (known: backend, image).")]
    [InlineData("""{ "postgres": "testcontainers" }""", "postgres must be an object")]
    public void A_bad_file_is_bad_input_naming_the_file(string json, string message)
    {
        Write(json);
        var e = Assert.Throws<BadInputException>(() => DrillSettings.Load(_dir));
        Assert.StartsWith(Path.Combine(_dir, ".config", "drills.json") + ":", e.Message);
        Assert.Contains(message, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void The_postgres_section_sets_the_backend_and_the_image_and_defaults_to_embedded()
    {
        Assert.Equal(PostgresBackend.Embedded, DrillSettings.Load(_dir).Postgres.Backend);
        Assert.Equal("runbooks/postgres:15", DrillSettings.Load(_dir).Postgres.Image);

        Write("""{ "postgres": { "backend": "auto", "image": "postgres:16" } }""");

        Assert.Equal(PostgresBackend.Auto, DrillSettings.Load(_dir).Postgres.Backend);
        Assert.Equal("postgres:16", DrillSettings.Load(_dir).Postgres.Image);
    }
}
