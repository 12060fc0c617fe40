using Microsoft.Extensions.Logging;

namespace MlSystems.Registry;

/// <summary>The registry's in-process change notifications: a thread-safe list of observers called in turn.</summary>
internal sealed class ChangeFeed : IObservable<RegistryChange>
{
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private IObserver<RegistryChange>[] observers = [];

    public ChangeFeed(ILogger logger) => this.logger = logger;

    public IDisposable Subscribe(IObserver<RegistryChange> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (gate)
        {
            observers = [.. observers, observer];
        }

        return new Subscription(this, observer);
    }

    public void Publish(RegistryChange change)
    {
        foreach (IObserver<RegistryChange> observer in Volatile.Read(ref observers))
        {
            // One failing subscriber must not keep the change from the others, nor fail the operation that made it.
            try
            {
                observer.OnNext(change);
            }
            catch (Exception exception)
            {
                RegistryLog.SubscriberFailed(logger, exception, change.Kind, change.ModelName);
            }
        }
    }

    private void Remove(IObserver<RegistryChange> observer)
    {
        lock (gate)
        {
            observers = [.. observers.Where(o => !ReferenceEquals(o, observer))];
        }
    }

    private sealed class Subscription(ChangeFeed feed, IObserver<RegistryChange> observer) : IDisposable
    {
        public void Dispose() => feed.Remove(observer);
    }
}
