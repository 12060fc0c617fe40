using System.Globalization;
using System.Text;
using System.Threading.Channels;
using MlSystems.Registry;
using MlSystems.Registry.PostgreSql;

// Usage: worker <store> <model> <count> <tag> [alias-race | stdin | watch]
// <store> is a file store's root, or postgres:<schema> for the PostgreSQL server named by MLSYSTEMS_POSTGRES, or
// postgres:<schema>:<directory> for that server with the artifacts' bytes in a file-system artifact store.
// Registers <count> distinct artifacts and prints one assigned version per line; with alias-race, instead tries once
// to move the alias "champion" from version 1 to the version given as <count> and prints "won" or "lost"; with stdin,
// registers one artifact read from standard input, printing "receiving" once its first bytes are staged and
// "published" once they are readable, so a test can kill it at either moment, and the version at the end; with watch,
// prints "watching" once it follows the registry's changes, then one line per change ("<kind> <model> <version>
// <alias>") until it has printed <count>.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: worker <store> <model> <count> <tag> [alias-race | stdin | watch]");
    return 2;
}

var registry = new ModelRegistry(OpenStore(args[0]));
int count = int.Parse(args[2], CultureInfo.InvariantCulture);
if (args.Length > 4 && args[4] == "watch")
{
    var seen = Channel.CreateUnbounded<RegistryChange>();
    using (registry.Changes.Subscribe(new Forward(seen.Writer)))
    {
        Console.WriteLine("watching");
        Console.Out.Flush();
        for (int i = 0; i < count; i++)
        {
            RegistryChange change = await seen.Reader.ReadAsync();
            Console.WriteLine($"{change.Kind} {change.ModelName} {change.Version} {change.Alias}".TrimEnd());
            Console.Out.Flush();
        }
    }

    return 0;
}

if (args.Length > 4 && args[4] == "alias-race")
{
    try
    {
        await registry.SetAliasAsync(args[1], "champion", count, AliasCondition.Is(1), new AliasChange(args[3], "race"));
        Console.WriteLine("won");
    }
    catch (AliasConflictException)
    {
        Console.WriteLine("lost");
    }

    return 0;
}

if (args.Length > 4 && args[4] == "stdin")
{
    registry = new ModelRegistry(new AnnouncingStore(OpenStore(args[0])));
    using var input = new AnnouncingStream(Console.OpenStandardInput());
    Console.WriteLine((await registry.RegisterAsync(args[1], input)).Version.ToString(CultureInfo.InvariantCulture));
    return 0;
}

for (int i = 0; i < count; i++)
{
    using var artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{args[3]}-{i}"));
    ModelVersion version = await registry.RegisterAsync(args[1], artifact);
    Console.WriteLine(version.Version.ToString(CultureInfo.InvariantCulture));
}

return 0;

static IModelRegistryStore OpenStore(string store)
{
    if (!store.StartsWith("postgres:", StringComparison.Ordinal))
    {
        return new FileSystemModelRegistryStore(store);
    }

    string[] parts = store["postgres:".Length..].Split(':', 2);
    return new PostgreSqlModelRegistryStore(
        Environment.GetEnvironmentVariable("MLSYSTEMS_POSTGRES") ?? throw new InvalidOperationException("MLSYSTEMS_POSTGRES is not set."),
        new PostgreSqlRegistryStoreOptions
        {
            Schema = parts[0],
            ChunkSize = PostgreSqlRegistryStoreOptions.MinChunkSize,
            Artifacts = parts.Length > 1 ? new FileSystemArtifactStore(parts[1]) : null,
        });
}
