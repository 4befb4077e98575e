using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Silo.Gateway.Auth;

/// <summary>
/// A write (POST, PUT, PATCH, DELETE) authenticated by the session cookie must come from this
/// gateway's own pages: <c>Sec-Fetch-Site: same-origin</c>, or a matching <c>Origin</c>. SameSite=Strict
/// already keeps the cookie off other sites' requests; this holds where it does not (a sibling
/// subdomain is "same-site", an old browser ignores SameSite). Requests with an API key carry no
/// ambient credential and are not checked.
/// </summary>
internal sealed class SameOriginWrites : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsUnsafe(context.Request.Method) && context.User.Identity is { IsAuthenticated: true, AuthenticationType: SessionCookie.Scheme }
            && !SameOriginRequest.IsSameOrigin(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Cross-origin request refused",
                    Detail = "A signed-in browser may change things only from this gateway's own pages; other clients send an API key.",
                },
            });
            return;
        }
        await next(context);
    }

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
