using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MlSystems.ML.Worker;

/// <summary>The pool's logger: passes on the version of every swap the pool logs, so the host prints what it now serves.</summary>
internal sealed class SwapSignal(ChannelWriter<int> swaps) : ILogger<ModelServingPool<Transaction, FraudScore>>
{
    // MlLog.Swapped: "Model {Model} now serves version {Version} (alias {Alias}), loaded in {Seconds} s".
    private const int SwappedEventId = 1;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == SwappedEventId && state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "Version").Value is int version)
        {
            swaps.TryWrite(version);
        }
        else if (exception is not null)
        {
            Console.Error.WriteLine($"{eventId}: {formatter(state, exception)}");
        }
    }
}
