using System.Text;

namespace Tickwatch.Testing;

/// <summary>
/// A string writer that one thread may write while a test reads it: <see cref="StringWriter"/> is not safe for that,
/// and <see cref="TextWriter.Synchronized"/> locks only its writes, so a read can meet a half-grown buffer.
/// </summary>
public sealed class ConcurrentStringWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _text.Append(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
