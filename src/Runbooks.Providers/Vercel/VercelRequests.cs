namespace Runbooks.Providers.Vercel;

/// <summary>V-8 body: an environment variable to create (or overwrite, with upsert).</summary>
public sealed record EnvVarInput
{
    /// <summary>The name, e.g. <c>PROCESSING_ENABLED</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The value.</summary>
    public required string Value { get; init; }

    /// <summary><c>plain</c>, <c>encrypted</c> or <c>sensitive</c>.</summary>
    public string Type { get; init; } = "encrypted";

    /// <summary><c>production</c>, <c>preview</c>, <c>development</c>.</summary>
    public IReadOnlyList<string> Target { get; init; } = ["production"];

    /// <summary>Why (shown in the dashboard), e.g. "incident 1234".</summary>
    public string? Comment { get; init; }
}

/// <summary>V-9 body: the fields to change; null ones are left alone.</summary>
public sealed record EnvVarPatch
{
    /// <summary>New value.</summary>
    public string? Value { get; init; }

    /// <summary>New type.</summary>
    public string? Type { get; init; }

    /// <summary>New targets.</summary>
    public IReadOnlyList<string>? Target { get; init; }

    /// <summary>New comment.</summary>
    public string? Comment { get; init; }
}
