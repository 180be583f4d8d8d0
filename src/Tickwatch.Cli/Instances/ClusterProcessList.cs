using System.Globalization;
using System.Text;

namespace Tickwatch.Cli.Instances;

/// <summary>
/// <c>.tickwatch/cluster/processes</c> under the working folder while <c>tickwatch up --instances</c> runs: one line per
/// process, <c>name pid url ready-url</c>, <c>up</c> first. <c>scripts/cluster-up.sh status</c> reads it, and its
/// <c>stop</c> ends these pids (and no others) if <c>up</c> itself could not.
/// </summary>
internal static class ClusterProcessList
{
    public static string Folder => Path.Combine(Environment.CurrentDirectory, ".tickwatch", "cluster");

    public static string FilePath => Path.Combine(Folder, "processes");

    public static void Write(IEnumerable<ChildProcess> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"up {Environment.ProcessId} - -\n");
        foreach (var child in children)
        {
            text.Append(CultureInfo.InvariantCulture, $"{child.Role.Name} {child.Id} {child.Role.Url.ToString().TrimEnd('/')} {child.Role.Ready}\n");
        }

        Directory.CreateDirectory(Folder);

        // Written whole, then renamed: a reader never sees half a list.
        var partial = FilePath + ".partial";
        File.WriteAllText(partial, text.ToString());
        File.Move(partial, FilePath, overwrite: true);
    }

    public static void Remove() => File.Delete(FilePath);
}
