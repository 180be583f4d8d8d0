using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Tickwatch.Testing;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A test's end of the provider link: a real TCP connection that sends frames and reads execution reports.</summary>
internal sealed class LinkClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly ProviderFrameReader _reader = new(new ProviderFrameCounters());

    private LinkClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _input = PipeReader.Create(_stream);
    }

    public static async Task<LinkClient> ConnectAsync(IPEndPoint endPoint)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        return new LinkClient(tcp);
    }

    public Task SendAsync(ProviderMessage message) => SendRawAsync(ProviderFraming.ToArray(message));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>The next report, within the deadline.</summary>
    public async Task<ExecutionReport> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            var result = await _input.ReadAsync(deadline.Token);
            var buffer = result.Buffer;
            var frame = _reader.TryRead(ref buffer);
            if (frame.Status == ProviderFrameStatus.Message)
            {
                // Only this frame was looked at: the next read returns at once with any frames behind it.
                _input.AdvanceTo(buffer.Start);
                return Assert.IsType<ExecutionReport>(frame.Message);
            }

            _input.AdvanceTo(buffer.Start, buffer.End);

            Assert.True(frame.Status == ProviderFrameStatus.NeedMoreData, $"the gateway sent a bad frame: {frame.Error} {frame.Detail}");
            if (result.IsCompleted)
            {
                throw new IOException("The gateway closed the connection.");
            }
        }
    }

    /// <summary>Waits until the gateway closes the connection, reading (and discarding) whatever it still sends.</summary>
    public async Task WaitClosedAsync()
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (true)
        {
            try
            {
                var result = await _input.ReadAsync(deadline.Token);
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    /// <summary>True when bytes have arrived that were not read yet.</summary>
    public bool HasUnread => _input.TryRead(out var result) && Unread(result);

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync();
        _tcp.Dispose();
    }

    private bool Unread(ReadResult result)
    {
        var any = !result.Buffer.IsEmpty;
        _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return any;
    }
}
