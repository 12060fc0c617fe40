using Microsoft.Extensions.Hosting;

namespace MlSystems.ML;

/// <summary>Starts a served model with the host, so the first request finds it loaded, checked and warm.</summary>
internal sealed class ServedModelStarter<TInput, TOutput>(ModelServingPool<TInput, TOutput> pool) : IHostedService
    where TInput : class
    where TOutput : class, new()
{
    public Task StartAsync(CancellationToken cancellationToken) => pool.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => pool.DisposeAsync().AsTask();
}
