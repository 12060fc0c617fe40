using System.Threading.Channels;
using MlSystems.Registry;

/// <summary>Hands each registry change to a channel, so the worker prints them from its main flow in the order received.</summary>
internal sealed class Forward(ChannelWriter<RegistryChange> writer) : IObserver<RegistryChange>
{
    public void OnNext(RegistryChange value) => writer.TryWrite(value);

    public void OnError(Exception error) => writer.TryComplete(error);

    public void OnCompleted() => writer.TryComplete();
}
