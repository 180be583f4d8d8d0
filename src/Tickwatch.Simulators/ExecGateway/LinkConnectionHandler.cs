using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Trading.ProviderLink;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>Serves one link connection on Kestrel: reads frames into the engine, never stopping on a bad one, and drops the connection on an oversized length.</summary>
internal sealed class LinkConnectionHandler(ExecGatewayEngine engine, IOptions<ExecGatewayOptions> options, ILogger<LinkConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext context)
    {
        var connection = engine.TryAttach(context, out var refusal);
        if (connection is null)
        {
            logger.ConnectionRefused(0, refusal!);
            return;
        }

        logger.ConnectionOpened(connection.Id, connection.Remote);
        var closed = context.ConnectionClosed;
        var writer = connection.WriteLoopAsync(engine.WhenResumedAsync, closed);
        var reader = new ProviderFrameReader(engine.Frames, options.Value.MaxFrameBytes);
        var reason = "closed by the peer";
        try
        {
            reason = await ReadLoopAsync(context, connection, reader, closed) ?? reason;
        }
        catch (OperationCanceledException)
        {
            reason = "dropped";
        }
        catch (Exception e) when (e is ConnectionResetException or IOException)
        {
            reason = "reset: " + e.Message;
        }
        finally
        {
            engine.Detach(connection);
            connection.Complete();
            try
            {
                await writer;
            }
            catch (Exception e) when (e is OperationCanceledException or ConnectionResetException or IOException or InvalidOperationException)
            {
                // The peer is gone; what was queued for it is re-sent when it repeats its requests.
            }

            logger.ConnectionClosed(connection.Id, reason, connection.Requests, connection.Reports);
        }
    }

    private async Task<string?> ReadLoopAsync(ConnectionContext context, LinkConnection connection, ProviderFrameReader reader, CancellationToken closed)
    {
        var input = context.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(closed);
            var buffer = result.Buffer;
            string? oversized = null;
            while (oversized is null)
            {
                var frame = reader.TryRead(ref buffer);
                if (frame.Status == ProviderFrameStatus.NeedMoreData)
                {
                    break;
                }

                switch (frame.Status)
                {
                    case ProviderFrameStatus.Message:
                        engine.Handle(connection, frame.Message!);
                        break;
                    case ProviderFrameStatus.Malformed:
                        logger.FrameRefused(connection.Id, ProviderFrameCounters.NameOf(frame.Error), frame.Detail);
                        break;
                    default:
                        logger.FrameOversized(connection.Id, frame.Detail);
                        engine.CountOversizedDrop();
                        oversized = "oversized frame";
                        break;
                }
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (oversized is not null)
            {
                return oversized;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }
}
