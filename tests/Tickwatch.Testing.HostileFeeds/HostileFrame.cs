namespace Tickwatch.Testing.HostileFeeds;

/// <summary>One frame the hostile server sends: its kind (for the figures), its bytes, its WebSocket type and what it must do.</summary>
/// <param name="Kind">The generator's name for how it was made, e.g. <c>truncated</c> or <c>zlib_bomb</c>.</param>
/// <param name="Payload">The message's bytes.</param>
/// <param name="Binary">Sent as a binary message (else text).</param>
/// <param name="Expected">Its outcome, known from how it was made; null when only decoding tells (a random bit flip).</param>
public sealed record HostileFrame(string Kind, byte[] Payload, bool Binary, FrameExpectation? Expected);
