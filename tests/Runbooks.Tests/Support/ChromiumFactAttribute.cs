namespace Runbooks.Tests.Support;

/// <summary>A fact that is skipped, saying why and how to fix it, only when Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null) Skip = Chromium.Missing;
    }
}
