namespace Tickwatch.Cli.Operations;

/// <summary>What <c>tickwatch diagnose</c> exits with, so scripts can act on it.</summary>
internal static class DiagnoseExitCode
{
    /// <summary>Every check passed.</summary>
    public const int Ok = 0;

    /// <summary>At least one warning, nothing critical.</summary>
    public const int Warning = 1;

    /// <summary>At least one critical finding.</summary>
    public const int Critical = 2;

    /// <summary>No diagnosis: the service could not be reached, refused the token, or gave an unreadable answer.</summary>
    public const int Unavailable = 3;

    public static int Of(string? status) => status switch
    {
        "ok" => Ok,
        "warning" => Warning,
        "critical" => Critical,
        _ => Unavailable,
    };
}
