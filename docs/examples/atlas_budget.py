"""A minimal Atlas Budget client for Python hosts: standard library only.

    from atlas_budget import AtlasBudget, Denied
    budget = AtlasBudget("http://127.0.0.1:8181", "atlas-host", os.environ["ATLAS_BUDGET_PASSWORD"])
    with budget.admission(provider="openai", model="gpt-4o", project_id="apollo",
                          estimated_input_tokens=1200, max_output_tokens=800) as call:
        reply = openai_client.chat.completions.create(model=call.model, max_tokens=800, ...)
        call.complete(input_tokens=reply.usage.prompt_tokens,
                      cache_read_tokens=reply.usage.prompt_tokens_details.cached_tokens,
                      output_tokens=reply.usage.completion_tokens)

Leaving the block without complete() (an exception, a cancelled stream) aborts the admission,
so the hold is released at once instead of at its expiry. Amounts stay strings (Decimal in
Python), never floats.
"""
import base64
import json
import urllib.error
import urllib.request
import uuid
from decimal import Decimal


class Denied(Exception):
    """The budget refused the call (BLOCK or THROTTLE)."""

    def __init__(self, answer):
        super().__init__("; ".join(answer.get("reasons", [])) or answer["decision"])
        self.answer = answer
        self.retry_after_millis = answer.get("retryAfterMillis")


class BudgetError(Exception):
    """Atlas Budget answered with an error status; `status` and the server's message."""

    def __init__(self, status, message):
        super().__init__(f"{status}: {message}")
        self.status = status


class AtlasBudget:
    def __init__(self, base_url, user, password, timeout=10):
        self.base = base_url.rstrip("/") + "/budget/api/v1"
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": "Basic " + token, "Content-Type": "application/json",
                        "X-Requested-With": "atlas-budget-python"}
        self.timeout = timeout

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                text = response.read().decode()
                return json.loads(text, parse_float=Decimal) if text else None
        except urllib.error.HTTPError as e:
            answer = json.loads(e.read().decode() or "{}")
            raise BudgetError(e.code, answer.get("error", e.reason)) from None

    def admission(self, provider, model, max_output_tokens, estimated_input_tokens=0, request_id=None,
                  user_id=None, project_id=None, team_id=None, tags=()):
        body = {"requestId": request_id or f"py-{uuid.uuid4()}", "provider": provider, "model": model,
                "estimatedInputTokens": estimated_input_tokens, "maxOutputTokens": max_output_tokens,
                "tags": list(tags)}
        for key, value in (("userId", user_id), ("projectId", project_id), ("teamId", team_id)):
            if value is not None:
                body[key] = value
        answer = self.request("POST", "/check", body)
        if not answer["admitted"]:
            raise Denied(answer)
        return Admission(self, answer)


class Admission:
    def __init__(self, client, answer):
        self.client = client
        self.answer = answer
        self.id = answer["admissionId"]
        self.model = answer["model"]  # the suggested model after a DOWNGRADE
        self.hold = Decimal(answer["hold"]["amount"])
        self.record = None

    def complete(self, success=True, **usage):
        body = {"usage": {_camel(k): v for k, v in usage.items()}, "success": success}
        self.record = self.client.request("POST", f"/admissions/{self.id}/complete", body)
        return self.record

    def abort(self, cause="aborted", **consumed):
        body = {"cause": cause}
        if consumed:
            body["consumed"] = {_camel(k): v for k, v in consumed.items()}
        return self.client.request("POST", f"/admissions/{self.id}/abort", body)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        if self.record is None:
            self.abort(cause=f"host: {kind.__name__ if kind else 'not completed'}")
        return False


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)
