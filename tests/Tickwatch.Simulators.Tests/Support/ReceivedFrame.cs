using System.Net.WebSockets;
using System.Text;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>One WebSocket message as a test client received it.</summary>
internal sealed record ReceivedFrame(byte[] Payload, WebSocketMessageType Type)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
