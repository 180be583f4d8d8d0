using System.Buffers;
using System.Buffers.Text;
using Tickwatch.Feeds.Codecs;

namespace Tickwatch.LoadHarness;

/// <summary>JSON frames from the real encoder with a ten-digit <c>seq</c> and a 13-digit <c>ts</c> overwritten per frame.</summary>
internal sealed class JsonReplayFrames : ReplayFrames
{
    private const long TemplateTime = 1_700_000_000_000;

    private readonly byte[][] _frames;
    private readonly int[] _sequenceAt;
    private readonly int[] _timeAt;

    public JsonReplayFrames(ReplayScript script)
        : base(script)
    {
        var encoder = new JsonMarketUpdateEncoder();
        var buffer = new ArrayBufferWriter<byte>();
        _frames = new byte[script.Frames.Count][];
        _sequenceAt = new int[_frames.Length];
        _timeAt = new int[_frames.Length];
        for (var i = 0; i < _frames.Length; i++)
        {
            buffer.ResetWrittenCount();
            encoder.Encode(script.Frames[i], FirstSequence - 1, DateTimeOffset.FromUnixTimeMilliseconds(TemplateTime), buffer);
            _frames[i] = buffer.WrittenSpan.ToArray();
            _sequenceAt[i] = Find(_frames[i], "\"seq\":1000000000"u8, "\"seq\":"u8.Length);
            _timeAt[i] = Find(_frames[i], "\"ts\":1700000000000"u8, "\"ts\":"u8.Length);
        }

        MaxLength = _frames.Max(f => f.Length);
    }

    public override FrameKind Kind => FrameKind.Text;

    public override int MaxLength { get; }

    public override int Write(int frame, long sequence, long unixMilliseconds, Span<byte> destination)
    {
        var template = _frames[frame];
        template.CopyTo(destination);
        if (!Utf8Formatter.TryFormat(sequence, destination.Slice(_sequenceAt[frame], 10), out var written) || written != 10
            || !Utf8Formatter.TryFormat(unixMilliseconds, destination.Slice(_timeAt[frame], 13), out written) || written != 13)
        {
            throw new InvalidOperationException($"Sequence {sequence} or time {unixMilliseconds} does not fit the template.");
        }

        return template.Length;
    }

    private static int Find(byte[] frame, ReadOnlySpan<byte> field, int prefix)
    {
        var at = frame.AsSpan().IndexOf(field);
        return at < 0 ? throw new InvalidOperationException("The JSON encoder's frame has no seq or ts where expected.") : at + prefix;
    }
}
