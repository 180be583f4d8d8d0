using Tickwatch.Hosting.Access;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Tickwatch.Gateway.Proxy;

/// <summary>
/// How the proxy presents its caller to the market service, which sees the gateway's own (often loopback) address:
/// every proxied call says who sent it in <c>X-Forwarded-*</c>, so the market service never takes an outside caller
/// for a local one; only a caller the gateway itself let in as a trusted loopback caller goes without them.
/// </summary>
public static class ProxiedCaller
{
    /// <summary>Adds the caller's address to <c>X-Forwarded-For</c> (after any the client sent), then drops it for a trusted loopback caller.</summary>
    public static TransformBuilderContext AddCallerTransforms(this TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UseDefaultForwarders = false;
        context.AddXForwarded(ForwardedTransformActions.Append);
        context.AddRequestTransform(transform =>
        {
            // The market service judges this caller as the gateway did: a loopback caller with no proxy in front of it.
            if (OperatorAccessFilter.AdmittedAsLoopback(transform.HttpContext))
            {
                foreach (var name in OperatorAccessFilter.ForwardingHeaders)
                {
                    transform.ProxyRequest.Headers.Remove(name);
                }
            }

            return ValueTask.CompletedTask;
        });
        return context;
    }
}
