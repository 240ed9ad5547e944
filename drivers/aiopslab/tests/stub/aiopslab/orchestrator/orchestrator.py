"""Stub of aiopslab.orchestrator.Orchestrator, same signatures as the real one.

Behaviour by problem id: "...-detection-..." problems are evaluated like AIOpsLab detection
("Detection Accuracy" is "Correct" when the agent submits "Yes"); ids containing "crash" raise
during the run; others report {"success": <agent submitted>}. Prints like the real one does.
"""

import json
import os
import time
import uuid


class _Session:
    def __init__(self):
        self.session_id = str(uuid.uuid4())
        self.history = []


class Orchestrator:
    def __init__(self, results_dir=None):
        self.results_dir = results_dir
        self.agent = None
        self.agent_name = None
        self.session = None
        self.problem_id = None

    def register_agent(self, agent, name="agent"):
        self.agent = agent
        self.agent_name = name

    def init_problem(self, problem_id):
        assert self.agent_name is not None, "register_agent must come first"
        self.session = _Session()
        self.problem_id = problem_id
        print(f"Session ID: {self.session.session_id}")
        task_desc = f"You are an SRE. Problem {problem_id}: a service in namespace test-ns misbehaves."
        instructions = "Respond with one API call per turn, e.g. exec_shell(\"kubectl get pods\")."
        apis = {
            "exec_shell(command: str) -> str": "Runs a shell command.",
            "submit(has_anomaly: str)": "Submits the answer.",
        }
        return task_desc, instructions, apis

    async def start_problem(self, max_steps: int):
        start = time.time()
        action_instr = "Please take the next action"
        solution = None
        steps = 0
        for step in range(max_steps):
            steps = step + 1
            action = await self.agent.get_action(action_instr)
            self.session.history.append({"role": "assistant", "content": action})
            if "crash" in self.problem_id:
                raise RuntimeError("cluster unreachable: connection refused")
            if action.startswith("submit("):
                solution = action[len("submit("):-1].strip("\"'")
                env = "VALID_SUBMISSION"
                self.session.history.append({"role": "env", "content": env})
                break
            env = f"Output of {action}: pod frontend-1 CrashLoopBackOff"
            self.session.history.append({"role": "env", "content": env})
            print(f"Environment: {env}")
            action_instr = env + "\n" + "Please take the next action"
        ttd = time.time() - start
        if "detection" in self.problem_id:
            results = {"Detection Accuracy": "Correct" if solution == "Yes" else "Incorrect"}
        else:
            results = {"success": solution is not None}
        results.update({"TTD": ttd, "steps": steps, "in_tokens": 10 * steps, "out_tokens": 2 * steps})
        if self.results_dir:
            path = os.path.join(self.results_dir, f"{self.session.session_id}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"problem_id": self.problem_id, "results": results}, f)
        return {
            "history": self.session.history,
            "final_state": env,
            "results": results,
            "framework_overhead": 0.0,
        }
