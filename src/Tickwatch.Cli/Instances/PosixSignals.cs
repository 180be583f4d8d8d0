using System.Runtime.InteropServices;

namespace Tickwatch.Cli.Instances;

/// <summary>Asks another process to stop, as systemd and docker do: SIGTERM (the runtime offers only SIGKILL, through <see cref="System.Diagnostics.Process.Kill()"/>).</summary>
/// <remarks>An integer pid and signal need no marshalling and no unsafe code, hence DllImport.</remarks>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; false when it is gone already (or not ours to signal).</summary>
    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", ExactSpelling = true, SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
