using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tickwatch.Hosting.Access;
using Tickwatch.Hosting.Correlation;
using Tickwatch.Hosting.Metrics;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Tls;

namespace Tickwatch.Hosting;

/// <summary>
/// The service defaults every role composes through: configuration from <c>TICKWATCH_</c> variables, JSON, problem
/// details with the correlation id, request logging, operator access, <c>/metrics</c>, the exception handler and the
/// clock. A role's composition then holds only what is its own.
/// </summary>
public static class TickwatchDefaults
{
    /// <summary>A slim web application builder that reads <see cref="TickwatchEnvironment.Prefix"/> variables over its defaults.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, string applicationName)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ApplicationName = applicationName });
        builder.Configuration.AddEnvironmentVariables(TickwatchEnvironment.Prefix);
        return builder;
    }

    /// <summary>Registers the defaults, with <typeparamref name="TInstruments"/> as the role's own metric instruments.</summary>
    /// <returns>The host's options collector, holding the defaults' problems; the role adds its own and calls <see cref="OptionsErrors.ThrowIfAny"/>.</returns>
    public static OptionsErrors AddTickwatchDefaults<TInstruments>(this WebApplicationBuilder builder, TickwatchDefaultsSettings settings)
        where TInstruments : class
    {
        var errors = builder.AddCommonDefaults(settings);
        builder.Services.AddTickwatchMetrics<TInstruments>(settings.ServiceName);
        return errors;
    }

    /// <summary>Registers the defaults for a role without metric instruments of its own.</summary>
    /// <returns>The host's options collector, holding the defaults' problems.</returns>
    public static OptionsErrors AddTickwatchDefaults(this WebApplicationBuilder builder, TickwatchDefaultsSettings settings)
    {
        var errors = builder.AddCommonDefaults(settings);
        builder.Services.AddTickwatchMetrics(settings.ServiceName);
        return errors;
    }

    /// <summary>
    /// Listens on <paramref name="bindAddress"/>:<paramref name="port"/> (port 0 picks a free one): over HTTPS with the
    /// <c>Tls</c> section's certificate when <paramref name="https"/>, else over plain HTTP.
    /// </summary>
    /// <param name="builder">The role's builder.</param>
    /// <param name="bindAddress">Address to bind.</param>
    /// <param name="port">Port to bind.</param>
    /// <param name="https">Whether to serve HTTPS.</param>
    /// <param name="httpsSetting">The role's setting behind <paramref name="https"/> (<c>Market:Https</c>), named in problems.</param>
    /// <returns>Every problem of the <c>Tls</c> section and its certificate, for the host's <see cref="OptionsErrors"/>.</returns>
    public static IReadOnlyList<string> ListenOn(this WebApplicationBuilder builder, string bindAddress, int port, bool https, string httpsSetting)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tls = builder.Services.AddBoundOptions(builder.Configuration, TlsOptions.SectionName, new TlsOptionsValidator());
        if (!https)
        {
            builder.WebHost.UseUrls($"http://{bindAddress}:{port}");
            return tls.Errors;
        }

        var errors = new List<string>(tls.Errors);
        if (ServerCertificate.Load(tls.Value, httpsSetting, errors) is { } certificate)
        {
            // The slim builder leaves out HTTPS for https:// addresses until asked; the certificate is ours, never Kestrel's config.
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.UseUrls($"https://{bindAddress}:{port}");
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
            builder.Services.AddHostedService(sp => new HttpsCertificateReport(
                certificate, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HttpsCertificateReport>>()));
        }

        return errors;
    }

    /// <summary>The defaults' middleware and routes: request logging outermost, the exception handler, status pages and <c>/metrics</c>.</summary>
    public static WebApplication MapTickwatchDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Outermost, so that its scope covers everything the request logs, the exception handler's lines included.
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapTickwatchMetrics();
        return app;
    }

    private static OptionsErrors AddCommonDefaults(this WebApplicationBuilder builder, TickwatchDefaultsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var services = builder.Services;
        var errors = new OptionsErrors();
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpJsonOptions(o => settings.Json(o.SerializerOptions));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions["correlation_id"] = RequestCorrelation.Of(c.HttpContext));
        services.AddSingleton(settings.RequestLogging);

        // The framework's request lines carry the query string (a stream client's token); ours log the path alone.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        errors.Take(services.AddOperatorAccess(builder.Configuration));
        return errors;
    }
}
