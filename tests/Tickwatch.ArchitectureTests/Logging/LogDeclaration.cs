using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Tickwatch.ArchitectureTests.Logging;

/// <summary>One <c>[LoggerMessage]</c> method of a Tickwatch assembly, with the event id it declares (-1 when it declares none).</summary>
internal sealed record LogDeclaration(string Assembly, string Namespace, string Method, int EventId, string? EventName)
{
    /// <summary>Every <c>[LoggerMessage]</c> declaration in every Tickwatch assembly the <c>tickwatch</c> executable loads.</summary>
    public static IReadOnlyList<LogDeclaration> All() =>
        [.. TickwatchAssemblies()
            .SelectMany(LoadableTypes)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new LogDeclaration(
                x.Method.DeclaringType!.Assembly.GetName().Name!,
                x.Method.DeclaringType.Namespace ?? "",
                x.Method.DeclaringType.FullName + "." + x.Method.Name,
                x.Attribute!.EventId,
                x.Attribute.EventName))
            .OrderBy(d => d.EventId)
            .ThenBy(d => d.Method, StringComparer.Ordinal)];

    /// <summary>The executable (assembly <c>tickwatch</c>) and every <c>Tickwatch.*</c> assembly it references, directly or not.</summary>
    public static IReadOnlyList<Assembly> TickwatchAssemblies()
    {
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([new AssemblyName("tickwatch")]);
        while (pending.TryPop(out var name))
        {
            if (found.ContainsKey(name.Name!))
            {
                continue;
            }

            var assembly = System.Reflection.Assembly.Load(name);
            found[name.Name!] = assembly;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("Tickwatch.", StringComparison.Ordinal)))
            {
                pending.Push(reference);
            }
        }

        return [.. found.Values.OrderBy(a => a.GetName().Name, StringComparer.Ordinal)];
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }
}
