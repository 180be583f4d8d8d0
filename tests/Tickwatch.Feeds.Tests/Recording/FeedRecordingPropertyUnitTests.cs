using CsCheck;
using Tickwatch.Feeds.Codecs;
using Tickwatch.Feeds.Recording;

namespace Tickwatch.Feeds.Tests.Recording;

/// <summary>Any frames, any gaps: a recording reads back exactly, and cut anywhere it reads back the frames before the cut.</summary>
public sealed class FeedRecordingPropertyUnitTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<(bool Binary, byte[] Payload, long GapMicroseconds)[]> GenFrames =
        Gen.Select(Gen.Bool, Gen.Byte.Array[0, 300], Gen.OneOf(Gen.Long[0, 1000], Gen.Long[0, 1L << 40])).Array[0, 30];

    [Fact]
    public async Task Frames_read_back_exactly_and_a_cut_anywhere_keeps_every_frame_before_it()
    {
        await Gen.Select(GenFrames, Gen.Double[0, 1]).SampleAsync(async (frames, cutAt) =>
        {
            var stream = new MemoryStream();
            var ends = new List<long>();
            var times = new List<long>();
            var micros = FeedRecordingFormat.ToMicroseconds(Start);
            var segment = new RecordingSegment(stream, new FeedRecordingHeader("Json", "f", "", Start));
            var headerLength = stream.Length;
            foreach (var (binary, payload, gap) in frames)
            {
                micros += gap;
                segment.Write(binary ? FrameKind.Binary : FrameKind.Text, payload, micros);
                ends.Add(stream.Length);
                times.Add(micros);
            }

            var whole = stream.ToArray();
            var cut = headerLength + (long)((whole.Length - headerLength) * cutAt);
            var expected = ends.Count(end => end <= cut);
            await using var reader = await FeedRecordingReader.OpenAsync(new MemoryStream(whole[..(int)cut]), leaveOpen: false);
            for (var i = 0; i < expected; i++)
            {
                Assert.True(await reader.ReadNextAsync());
                Assert.Equal(frames[i].Payload, reader.Current.Payload.ToArray());
                Assert.Equal(frames[i].Binary ? FrameKind.Binary : FrameKind.Text, reader.Current.Kind);
                Assert.Equal(times[i], reader.Current.ReceivedAtMicroseconds);
            }

            Assert.False(await reader.ReadNextAsync());
            Assert.Equal(cut != (expected == 0 ? headerLength : ends[expected - 1]), reader.IsTorn);
        });
    }
}
