namespace Tickwatch.Feeds.Codecs;

/// <summary>The WebSocket frame type a payload arrived in.</summary>
public enum FrameKind
{
    Text,
    Binary,
}
