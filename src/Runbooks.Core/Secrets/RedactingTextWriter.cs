using System.Text;

namespace Runbooks.Core.Secrets;

/// <summary>
/// A console writer that masks secrets before anything reaches the terminal, including what a script writes
/// with <see cref="Console"/> itself. Text is held until the end of a line so a secret split across writes is
/// still seen whole.
/// </summary>
public sealed class RedactingTextWriter(TextWriter inner, SecretRedactor redactor) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n') EmitLine();
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n')) EmitLine();
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void WriteLine(string? value) => Write((value ?? "") + "\n");

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0) { inner.Write(redactor.Redact(_line.ToString())); _line.Clear(); }
            inner.Flush();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private void EmitLine()
    {
        // Everything up to the last newline is complete; the rest waits for its line to end.
        var text = _line.ToString();
        var cut = text.LastIndexOf('\n') + 1;
        inner.Write(redactor.Redact(text[..cut]));
        inner.Flush();
        _line.Clear().Append(text, cut, text.Length - cut);
    }
}
