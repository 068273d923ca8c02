"""«Tokens de la API» in the person's account: create a named personal token (its key shown
once, on the page that follows), see when each was last used, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from api.forms import TokenForm
from api.tokens import token_create, token_revoke, tokens_for_user
from execution.forms import add_service_errors

NEW_KEY = "api_new_token_key"


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The person's tokens and the form to create one; after creating, its key, once: it waits
    in the session for the page the redirect shows (a reload neither shows it again nor creates
    a second token)."""
    new_key = request.session.pop(NEW_KEY, None)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Se creó el token «%(name)s».") % {"name": token.name})
            request.session[NEW_KEY] = key
            return redirect("api_tokens:token_list")
    return render(
        request,
        "api/token_list.html",
        {"form": form, "tokens": tokens_for_user(user=request.user), "new_key": new_key},
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_revoke(user=request.user, token_id=token_id)
    if token is not None:
        messages.success(request, _("Se revocó el token «%(name)s»: ya no da acceso.") % {"name": token.name})
    return redirect("api_tokens:token_list")
