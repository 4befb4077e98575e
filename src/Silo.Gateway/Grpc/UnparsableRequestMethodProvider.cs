using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Silo.Gateway.Grpc;

/// <summary>
/// Binds every gRPC service's methods as Grpc.AspNetCore's own binder does (the generated <c>BindService</c>, the
/// service's overrides, their attributes as endpoint metadata), with one difference: a request message that cannot be
/// parsed answers <c>INTERNAL</c>, gRPC's code for it, instead of escaping the handler as an exception (answered
/// <c>UNKNOWN</c> "Exception was thrown by handler" and logged as an error with its stack trace). The client's bad
/// bytes are not the server's fault, so nothing is logged above Information.
/// </summary>
internal sealed class UnparsableRequestMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind) continue;
            var bindService = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                ?? throw new InvalidOperationException($"{bind.BindType}.{bind.BindMethodName} binding {type} was not found.");
            bindService.Invoke(null, [new Binder(context, type), null]);
            return;
        }
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Parsing(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Parsing(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Parsing(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Handler<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name,
                typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Parsing(method), metadata, invoker);
        }

        /// <summary>The service's override of the generated base method, and the attributes (authorization among them) its endpoint carries.</summary>
        private (TDelegate Invoker, List<object> Metadata) Handler<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
        {
            var implementation = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
            if (implementation is null || implementation.GetBaseDefinition().DeclaringType != serviceBase)
                throw new InvalidOperationException($"{typeof(TService)} does not implement {name}.");
            // The service's attributes first, the method's after, so the method's win where they disagree.
            List<object> metadata = [.. typeof(TService).GetCustomAttributes(inherit: true), .. implementation.GetCustomAttributes(inherit: true),
                new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), implementation), metadata);
        }

        private static Method<TRequest, TResponse> Parsing<TRequest, TResponse>(Method<TRequest, TResponse> method) where TRequest : class where TResponse : class
        {
            var requests = method.RequestMarshaller;
            var parsing = Marshallers.Create<TRequest>(requests.ContextualSerializer, payload =>
            {
                try { return requests.ContextualDeserializer(payload); }
                catch (InvalidProtocolBufferException e)
                {
                    throw new RpcException(new Status(StatusCode.Internal, $"The request is not a valid {method.FullName} request message: {e.Message}"));
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, parsing, method.ResponseMarshaller);
        }
    }
}
