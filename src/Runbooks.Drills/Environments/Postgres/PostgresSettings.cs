using System.Text.RegularExpressions;
using Runbooks.Core.Errors;

namespace Runbooks.Drills.Environments.Postgres;

/// <summary>
/// The <c>postgres</c> section of <c>.config/drills.json</c>: <c>{ "backend": "embedded|testcontainers|auto", "image": "runbooks/postgres:15" }</c>.
/// Immutable; <see cref="Create"/> and <see cref="ParseBackend"/> refuse what cannot work, naming where it came from.
/// </summary>
public sealed partial record PostgresSettings
{
    /// <summary>
    /// The image of the production major version. The <c>runbooks/</c> name is the official <c>postgres:15</c> where an
    /// image registry answers (<c>scripts/prerequisites.sh --docker</c> pulls and tags it), and an image built from
    /// Debian's postgresql-15 where none does.
    /// </summary>
    public const string DefaultImage = "runbooks/postgres:15";

    /// <summary>Embedded, with <see cref="DefaultImage"/> for when Testcontainers is asked for.</summary>
    public static readonly PostgresSettings Default = new(PostgresBackend.Embedded, DefaultImage);

    private PostgresSettings(PostgresBackend backend, string image)
    {
        Backend = backend;
        Image = image;
    }

    /// <summary>Which server drills run against.</summary>
    public PostgresBackend Backend { get; private init; }

    /// <summary>The Docker image the Testcontainers backend starts (<c>name:tag</c>).</summary>
    public string Image { get; private init; }

    /// <summary>Validated settings; <paramref name="source"/> names the file or option for the error (e.g. <c>.config/drills.json: postgres.image</c>).</summary>
    public static PostgresSettings Create(PostgresBackend backend, string image, string source = "postgres.image")
        => ImageReference().IsMatch(image) ? new PostgresSettings(backend, image)
            : throw new BadInputException($"{source} must be a Docker image name with a tag (e.g. {DefaultImage}), not '{image}'.");

    /// <summary>These settings with another backend (<c>drill run --postgres</c> overrides the file's).</summary>
    public PostgresSettings WithBackend(PostgresBackend backend) => this with { Backend = backend };

    /// <summary>
    /// <c>embedded</c>, <c>testcontainers</c> or <c>auto</c>; anything else is bad input (exit 2) naming
    /// <paramref name="source"/>, the file and key or the option it came from.
    /// </summary>
    public static PostgresBackend ParseBackend(string? value, string source) => value switch
    {
        "embedded" => PostgresBackend.Embedded,
        "testcontainers" => PostgresBackend.Testcontainers,
        "auto" => PostgresBackend.Auto,
        _ => throw new BadInputException($"{source} must be embedded, testcontainers or auto, not '{value}'."),
    };

    // [registry[:port]/]name[/name...]:tag, lower-case as Docker requires; a tag, because "latest" is not a major version.
    [GeneratedRegex(@"^([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ImageReference();
}
