namespace Runbooks.Core.Estates;

/// <summary>Who runs the team's production PostgreSQL, which decides how a point-in-time repair gets its copy of the past.</summary>
public enum EstatePostgresProvider
{
    /// <summary>The team's own server: a base backup and the WAL archive it fills (the default).</summary>
    SelfManaged,

    /// <summary>Neon: a branch restored to a past moment of the production branch, beside it.</summary>
    Neon,

    /// <summary>Supabase: the project's point-in-time restore, in place.</summary>
    Supabase,
}
