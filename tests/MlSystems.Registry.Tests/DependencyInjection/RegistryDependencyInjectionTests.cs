using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MlSystems.Registry.Tests.DependencyInjection;

public sealed class RegistryDependencyInjectionTests
{
    [Fact]
    public async Task The_file_system_registry_resolves_with_the_hosts_clock()
    {
        string root = Path.Combine(Path.GetTempPath(), "mlsystems-di-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddModelRegistry(o => o.UseFileSystem(root));
        using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        IModelRegistry registry = provider.GetRequiredService<IModelRegistry>();
        ModelVersion version = await registry.RegisterAsync("fraud", new MemoryStream([1, 2, 3]));
        Assert.Equal(time.GetUtcNow(), version.CreatedAt);
        Assert.Equal(root, Assert.IsType<FileSystemModelRegistryStore>(provider.GetRequiredService<IModelRegistryStore>()).Root);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void A_registry_without_a_store_fails_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddModelRegistry(_ => { });
        using ServiceProvider provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("UseFileSystem", error.Message, StringComparison.Ordinal);
    }
}
