#!/usr/bin/env python3
"""Runs one AIOpsLab problem for the Task Executor and speaks its runner protocol.

Started by the executor's ProcessTaskRunner inside an AIOpsLab checkout (the checkout on
PYTHONPATH). Input: the task JSON named by TASK_FILE (or argv[1]) and the environment the runner
sets (RESULTS_DIR, CONVERSATION_ID, SESSION_ID, ...). Output: one JSON object per stdout line:

  {"event": "log", "level": "info", "message": "...", "context": {...}}
  {"event": "message", "role": "system|user|assistant", "content": "...", "metadata": {...}}
  {"event": "progress", "step": 3, "of": 10, "total_tokens": 1234}
  {"event": "result", "result": {"success": true, "solution": {...}, ...}}

Anything AIOpsLab prints through Python is turned into info log events, so it can never break a
protocol line. Exit status: 0 when AIOpsLab evaluated the run (even when the agent failed: the
result says success false), 1 when the run raised (a result with the error is still sent),
2 when the task or the environment is unusable.

The AIOpsLab API used, and nothing more (kept thin on purpose):
  Orchestrator(results_dir=...)            (older checkouts: Orchestrator())
  orch.register_agent(agent, name=...)     (before init_problem, which records the agent name)
  orch.init_problem(problem_id) -> (task_desc, instructions, apis)
  await orch.start_problem(max_steps=...) -> {"results": {...}, "history": [...], ...}
  agent: async def get_action(self, input: str) -> str
"""

import asyncio
import io
import json
import os
import signal
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request

_PROTOCOL = sys.stdout
_LOCK = threading.Lock()


def emit(event, **fields):
    """Writes one protocol line; the only writer of the real stdout."""
    line = json.dumps(dict(event=event, **fields), default=str, ensure_ascii=False)
    with _LOCK:
        _PROTOCOL.write(line + "\n")
        _PROTOCOL.flush()


def log(level, message, **context):
    emit("log", level=level, message=message, context=context)


class _PrintsAsLogs(io.TextIOBase):
    """sys.stdout replacement: every printed line becomes an info log event."""

    def __init__(self):
        self._pending = ""

    def writable(self):
        return True

    def write(self, text):
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            if line.strip():
                log("info", line.rstrip("\r"), source="aiopslab")
        return len(text)

    def flush(self):
        pass


class ChatAgent:
    """A minimal AIOpsLab agent on an OpenAI-compatible /chat/completions endpoint.

    Every turn is reported as a conversation message: the system prompt and the instructions
    (step 0), then per step the observation it was given (role user) and its action (role
    assistant). Token usage from the endpoint is reported as progress.
    """

    def __init__(self, model, agent_config, max_steps, base_url, api_key):
        self.model = model
        self.config = agent_config
        self.max_steps = max_steps
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key = api_key
        self.timeout = float(agent_config.get("request_timeout", 300))
        self.history = []
        self.step = 0
        self.messages_sent = 0
        self.in_tokens = 0
        self.out_tokens = 0

    def _say(self, role, content, step, kind):
        self.history.append({"role": role, "content": content})
        emit("message", role=role, content=content, metadata={"step": step, "type": kind})
        self.messages_sent += 1

    def init_context(self, task_desc, instructions, apis):
        if isinstance(apis, dict):
            apis = "\n\n".join(f"{name}\n{doc}" for name, doc in apis.items())
        system = f"{task_desc}\n\nAvailable APIs:\n{apis}".strip()
        self._say("system", system, 0, "system")
        self._say("user", str(instructions), 0, "instructions")

    async def get_action(self, input: str) -> str:
        self.step += 1
        self._say("user", str(input), self.step, "observation")
        answer = await asyncio.to_thread(self._complete)
        self._say("assistant", answer, self.step, "action")
        emit(
            "progress",
            step=self.step,
            of=self.max_steps,
            total_tokens=self.in_tokens + self.out_tokens,
        )
        return answer

    def _complete(self):
        body = {"model": self.model, "messages": self.history}
        for key in ("temperature", "top_p", "max_tokens", "seed", "stop"):
            if key in self.config:
                body[key] = self.config[key]
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.api_key}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                reply = json.load(response)
        except urllib.error.HTTPError as e:
            detail = e.read(2000).decode("utf-8", "replace")
            raise RuntimeError(f"LLM endpoint answered {e.code}: {detail}") from None
        usage = reply.get("usage") or {}
        self.in_tokens += int(usage.get("prompt_tokens", 0))
        self.out_tokens += int(usage.get("completion_tokens", 0))
        return reply["choices"][0]["message"]["content"] or ""


def evaluation_succeeded(results):
    """AIOpsLab's evaluation keys vary by task type; map them to one success flag."""
    if not isinstance(results, dict):
        return False
    if isinstance(results.get("success"), bool):
        return results["success"]
    if "Detection Accuracy" in results:
        return results["Detection Accuracy"] == "Correct"
    if "Localization Accuracy" in results:
        try:
            return float(results["Localization Accuracy"]) >= 100.0
        except (TypeError, ValueError):
            return False
    return False


def make_orchestrator(results_dir):
    from aiopslab.orchestrator import Orchestrator

    try:
        return Orchestrator(results_dir=results_dir)
    except TypeError:  # checkouts before results_dir existed write to their default directory
        return Orchestrator()


def load_task():
    path = os.environ.get("TASK_FILE") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not path:
        raise ValueError("no task: set TASK_FILE or pass the task JSON path")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


async def run(task, holder):
    agent_config = task.get("agent_config") or {}
    model = agent_config.get("model") or os.environ.get("AGENT_MODEL") or "gpt-4o"
    max_steps = int(task.get("max_steps") or os.environ.get("MAX_STEPS") or 30)
    problem_id = task["problem_id"]
    results_dir = os.environ.get("RESULTS_DIR") or task.get("results_dir") or "results"
    os.makedirs(results_dir, exist_ok=True)
    base_url = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")
    api_key = os.environ.get("OPENAI_API_KEY", "")

    agent = holder["agent"] = ChatAgent(model, agent_config, max_steps, base_url, api_key)
    orch = make_orchestrator(results_dir)
    orch.register_agent(agent, name=agent_config.get("name") or f"executor-{model}")
    log("info", "Initialising AIOpsLab problem", problem_id=problem_id, model=model,
        max_steps=max_steps, cluster=os.environ.get("AIOPSLAB_CLUSTER"))
    task_desc, instructions, apis = orch.init_problem(problem_id)
    agent.init_context(task_desc, instructions, apis)
    holder["outcome"] = await orch.start_problem(max_steps=max_steps)
    holder["session"] = getattr(getattr(orch, "session", None), "session_id", None)


def base_result(task, agent, started):
    return {
        "problem_id": task.get("problem_id"),
        "execution_time": round(time.monotonic() - started, 3),
        "conversation_id": os.environ.get("CONVERSATION_ID") or task.get("conversation_id"),
        "total_messages": agent.messages_sent if agent else 0,
        "session_id": os.environ.get("SESSION_ID") or task.get("session_id"),
    }


def main():
    sys.stdout = _PrintsAsLogs()
    # SIGTERM (a stop) becomes SystemExit so that AIOpsLab's atexit hook recovers the fault.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        task = load_task()
    except (OSError, ValueError) as e:
        print(f"driver: cannot read the task: {e}", file=sys.stderr)
        return 2
    started = time.monotonic()
    holder = {}
    try:
        asyncio.run(run(task, holder))
    except ImportError as e:
        print(f"driver: cannot import AIOpsLab (is the checkout on PYTHONPATH?): {e}", file=sys.stderr)
        return 2
    except Exception as e:  # the run itself failed: still report what we know
        traceback.print_exc(file=sys.stderr)
        result = base_result(task, holder.get("agent"), started)
        result.update(success=False, error_details=f"{type(e).__name__}: {e}")
        emit("result", result=result)
        return 1

    outcome = holder["outcome"] if isinstance(holder["outcome"], dict) else {}
    results = outcome.get("results") or {}
    agent = holder["agent"]
    result = base_result(task, agent, started)
    result.update(success=evaluation_succeeded(results), solution=results)
    if holder["session"]:
        result["aiopslab_session_id"] = str(holder["session"])
    if "framework_overhead" in outcome:
        result["framework_overhead"] = outcome["framework_overhead"]
    result["in_tokens"] = agent.in_tokens
    result["out_tokens"] = agent.out_tokens
    if not result["success"]:
        result["error_details"] = "AIOpsLab evaluation: the agent did not solve the problem"
    emit("result", result=result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
