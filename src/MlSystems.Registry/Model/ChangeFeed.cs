using Microsoft.Extensions.Logging;

namespace MlSystems.Registry;

/// <summary>
/// The registry's change notifications: a thread-safe list of observers called in turn with the changes made through the
/// registry and, when its store is an <see cref="IModelRegistryChangeSource"/>, those other hosts made, watched only while
/// someone subscribes.
/// </summary>
internal sealed class ChangeFeed : IObservable<RegistryChange>
{
    private readonly ILogger logger;
    private readonly IModelRegistryChangeSource? source;
    private readonly Lock gate = new();
    private IObserver<RegistryChange>[] observers = [];
    private IDisposable? watch;

    public ChangeFeed(ILogger logger, IModelRegistryChangeSource? source)
    {
        this.logger = logger;
        this.source = source;
    }

    public IDisposable Subscribe(IObserver<RegistryChange> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (gate)
        {
            // Watched first: a source that cannot start fails the subscription before the observer is added.
            watch ??= source?.WatchOtherWriters(Publish);
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
            if (observers.Length == 0)
            {
                watch?.Dispose();
                watch = null;
            }
        }
    }

    private sealed class Subscription(ChangeFeed feed, IObserver<RegistryChange> observer) : IDisposable
    {
        public void Dispose() => feed.Remove(observer);
    }
}
