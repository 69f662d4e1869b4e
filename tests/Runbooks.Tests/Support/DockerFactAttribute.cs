namespace Runbooks.Tests.Support;

/// <summary>
/// A fact that needs Docker and the drills' PostgreSQL image. Without them it is skipped, saying why and how to fix it,
/// unless <c>RUNBOOKS_REQUIRE_DOCKER=1</c> (CI): then it runs and fails with that same sentence.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (LocalDocker.Missing is { } why && !LocalDocker.Required) Skip = why;
    }
}
