using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Registry.PostgreSql;

namespace MlSystems.Registry.Tests.Properties;

/// <summary>
/// Random sequences of registry operations, run against a store and against a few lines of dictionary bookkeeping that
/// state the rules plainly: every outcome (value or exception type) and the final state must agree.
/// </summary>
public sealed class RegistryModelProperties
{
    private static readonly string[] Models = ["a", "b"];
    private static readonly string[] Aliases = ["champion", "challenger"];

    [Property(MaxTest = 150)]
    public Property In_memory_store_behaves_like_the_model() =>
        Prop.ForAll(Operations().ToArbitrary(), ops => Check(new InMemoryModelRegistryStore(), ops));

    [Property(MaxTest = 25)]
    public Property File_system_store_behaves_like_the_model() =>
        Prop.ForAll(Operations().ToArbitrary(), ops =>
        {
            string root = Path.Combine(Path.GetTempPath(), "mlsystems-model-" + Guid.NewGuid().ToString("N"));
            try
            {
                return Check(new FileSystemModelRegistryStore(root), ops);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        });

    [SkippableFact]
    public void PostgreSql_store_behaves_like_the_model()
    {
        string connectionString = PostgresServer.Require();
        Property property = Prop.ForAll(Operations().ToArbitrary(), ops =>
        {
            string schema = PostgresServer.FreshSchema();
            try
            {
                using var store = new PostgreSqlModelRegistryStore(connectionString, new PostgreSqlRegistryStoreOptions { Schema = schema });
                return Check(store, ops);
            }
            finally
            {
                PostgresServer.Drop(schema);
            }
        });

        // Each case migrates a fresh schema, so the count is kept small; the in-memory property covers the rules widely.
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), property);
    }

    private static bool Check(IModelRegistryStore store, Operation[] operations)
    {
        var registry = new ModelRegistry(store);
        var model = new Model();
        foreach (Operation op in operations)
        {
            string expected = model.Apply(op);
            string actual = Run(registry, op);
            if (expected != actual)
            {
                throw new InvalidOperationException($"{op}: model says {expected}, registry says {actual}");
            }
        }

        foreach (string name in Models)
        {
            string expected = model.Describe(name);
            IReadOnlyList<ModelVersion> versions = registry.ListVersionsAsync(name).GetAwaiter().GetResult();
            IReadOnlyDictionary<string, int> aliases = registry.GetAliasesAsync(name).GetAwaiter().GetResult();
            string actual = Describe(versions.Select(v => (v.Version, v.Digest, v.Archived)), aliases);
            if (expected != actual)
            {
                throw new InvalidOperationException($"final state of {name}: model {expected}, registry {actual}");
            }

            // The targeted reads agree with the whole-record listing, for present and absent versions and aliases alike.
            // Up to one past the highest number the operations could assign, so deleted numbers above the survivors are checked too.
            for (int number = 1; number <= operations.Length + 1; number++)
            {
                ModelVersion? listed = versions.FirstOrDefault(v => v.Version == number);
                ModelVersion? read = registry.GetVersionAsync(name, number).GetAwaiter().GetResult();
                if ((read?.Digest, read?.Size, read?.Archived, read?.CreatedAt) != (listed?.Digest, listed?.Size, listed?.Archived, listed?.CreatedAt))
                {
                    throw new InvalidOperationException($"{name} v{number}: the targeted read disagrees with the listing");
                }
            }

            foreach (string alias in Aliases)
            {
                int? pointed = registry.GetByAliasAsync(name, alias).GetAwaiter().GetResult()?.Version;
                if (pointed != (aliases.TryGetValue(alias, out int at) ? at : null))
                {
                    throw new InvalidOperationException($"{name} @{alias}: the targeted read says {pointed}");
                }
            }
        }

        return true;
    }

    private static string Run(ModelRegistry registry, Operation op)
    {
        try
        {
            return op.Kind switch
            {
                Kind.Register => $"v{registry.RegisterAsync(op.Model, new MemoryStream(Content(op.Number))).GetAwaiter().GetResult().Version}",
                Kind.SetAlias => $"moved {registry.SetAliasAsync(op.Model, op.Alias, op.Number, op.Condition).GetAwaiter().GetResult().FromVersion}",
                Kind.RemoveAlias => $"removed {registry.RemoveAliasAsync(op.Model, op.Alias, op.Condition).GetAwaiter().GetResult().FromVersion}",
                Kind.Archive => $"archived {registry.ArchiveAsync(op.Model, op.Number).GetAwaiter().GetResult().Version}",
                _ => Delete(registry, op),
            };
        }
        catch (ModelRegistryException exception)
        {
            return exception.GetType().Name;
        }
    }

    private static string Delete(ModelRegistry registry, Operation op)
    {
        registry.DeleteVersionAsync(op.Model, op.Number).GetAwaiter().GetResult();
        return "deleted";
    }

    private static byte[] Content(int n) => Encoding.UTF8.GetBytes($"artifact {n}");

    private static string Digest(int n) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Content(n)));

    private static string Describe(IEnumerable<(int Version, string Digest, bool Archived)> versions, IReadOnlyDictionary<string, int> aliases) =>
        string.Join(",", versions.OrderBy(v => v.Version).Select(v => $"{v.Version}:{v.Digest[7..13]}{(v.Archived ? "A" : "")}"))
        + " | " + string.Join(",", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private static Gen<Operation[]> Operations()
    {
        Gen<AliasCondition> condition = Gen.OneOf(
            Gen.Constant(AliasCondition.Any),
            Gen.Constant(AliasCondition.Unset),
            Gen.Choose(1, 5).Select(AliasCondition.Is));
        Gen<Operation> operation =
            from kind in Gen.Frequency((5, Gen.Constant(Kind.Register)), (4, Gen.Constant(Kind.SetAlias)), (1, Gen.Constant(Kind.RemoveAlias)), (2, Gen.Constant(Kind.Archive)), (2, Gen.Constant(Kind.Delete)))
            from model in Gen.Elements(Models)
            from alias in Gen.Elements(Aliases)
            from number in Gen.Choose(1, 5)
            from c in condition
            select new Operation(kind, model, alias, number, c);
        return Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(operation, n));
    }

    private enum Kind
    {
        Register,
        SetAlias,
        RemoveAlias,
        Archive,
        Delete,
    }

    private sealed record Operation(Kind Kind, string Model, string Alias, int Number, AliasCondition Condition);

    /// <summary>The rules, stated with dictionaries.</summary>
    private sealed class Model
    {
        private readonly Dictionary<string, int> last = [];
        private readonly Dictionary<string, SortedDictionary<int, (string Digest, bool Archived)>> versions = [];
        private readonly Dictionary<string, Dictionary<string, int>> aliases = [];

        public string Apply(Operation op)
        {
            SortedDictionary<int, (string Digest, bool Archived)> vs = versions.TryGetValue(op.Model, out var found) ? found : versions[op.Model] = [];
            Dictionary<string, int> al = aliases.TryGetValue(op.Model, out var a) ? a : aliases[op.Model] = [];
            bool exists = vs.ContainsKey(op.Number);
            int? current = al.TryGetValue(op.Alias, out int at) ? at : null;
            switch (op.Kind)
            {
                case Kind.Register:
                    string digest = Digest(op.Number);
                    foreach ((int version, (string d, bool _)) in vs)
                    {
                        if (d == digest)
                        {
                            return $"v{version}";
                        }
                    }

                    int next = last[op.Model] = last.GetValueOrDefault(op.Model) + 1;
                    vs[next] = (digest, false);
                    return $"v{next}";
                case Kind.SetAlias:
                    if (!exists)
                    {
                        return nameof(ModelNotFoundException);
                    }

                    if (vs[op.Number].Archived)
                    {
                        return nameof(ModelVersionInUseException);
                    }

                    if (!op.Condition.IsSatisfiedBy(current))
                    {
                        return nameof(AliasConflictException);
                    }

                    al[op.Alias] = op.Number;
                    return $"moved {current}";
                case Kind.RemoveAlias:
                    if (current is null)
                    {
                        return nameof(ModelNotFoundException);
                    }

                    if (!op.Condition.IsSatisfiedBy(current))
                    {
                        return nameof(AliasConflictException);
                    }

                    al.Remove(op.Alias);
                    return $"removed {current}";
                default:
                    if (!exists)
                    {
                        return nameof(ModelNotFoundException);
                    }

                    if (al.ContainsValue(op.Number))
                    {
                        return nameof(ModelVersionInUseException);
                    }

                    if (op.Kind == Kind.Archive)
                    {
                        vs[op.Number] = vs[op.Number] with { Archived = true };
                        return $"archived {op.Number}";
                    }

                    vs.Remove(op.Number);
                    return "deleted";
            }
        }

        public string Describe(string name) => RegistryModelProperties.Describe(
            versions.TryGetValue(name, out var vs) ? vs.Select(v => (v.Key, v.Value.Digest, v.Value.Archived)) : [],
            aliases.TryGetValue(name, out var al) ? al : new Dictionary<string, int>());
    }
}
