using System.Net.WebSockets;

namespace Tickwatch.Simulators.QuoteHub;

/// <summary>A frame waiting in a connection's queue, with its WebSocket type (a Binance SBE feed sends JSON control answers as text).</summary>
internal readonly record struct QueuedFrame(ReadOnlyMemory<byte> Payload, WebSocketMessageType Type);
