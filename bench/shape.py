#!/usr/bin/env python3
"""The shape of the code, as issue 11 measured it: the longest functions and the
largest files under the given directories (default: src).

    python3 bench/shape.py            # TOP=10 by default
    TOP=20 python3 bench/shape.py src tests

A function's length is counted from its `fn` line to its closing brace, found
by matching braces outside strings, chars and comments (a heuristic, not a
parser: good enough to rank)."""
import re, sys, os
FN = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+([A-Za-z0-9_]+)')
def strip(line, state):
    out=[]; i=0; n=len(line)
    while i<n:
        c=line[i]
        if state['bc']:
            if line.startswith('*/',i): state['bc']=False; i+=2; continue
            i+=1; continue
        if state['raw'] is not None:
            end='"'+'#'*state['raw']
            j=line.find(end,i)
            if j<0: return ''.join(out)
            i=j+len(end); state['raw']=None; continue
        if state['str']:
            if c=='\\': i+=2; continue
            if c=='"': state['str']=False
            i+=1; continue
        if line.startswith('//',i): break
        if line.startswith('/*',i): state['bc']=True; i+=2; continue
        m=re.match(r'b?r(#*)"',line[i:])
        if m: state['raw']=len(m.group(1)); i+=len(m.group(0)); continue
        if c=='"': state['str']=True; i+=1; continue
        if c=="'":
            m=re.match(r"'(\\.|[^\\'])'",line[i:])
            if m: i+=len(m.group(0)); continue
        out.append(c); i+=1
    return ''.join(out)
res=[]
for root in sys.argv[1:] or ['src']:
    for dp,_,fs in os.walk(root):
        for f in fs:
            if not f.endswith('.rs'): continue
            p=os.path.join(dp,f); lines=open(p).read().split('\n')
            state={'bc':False,'str':False,'raw':None}
            code=[strip(l,state) for l in lines]
            for i,l in enumerate(lines):
                m=FN.match(l)
                if not m or l.rstrip().endswith(';'): continue
                depth=0; started=False
                for j in range(i,len(lines)):
                    for ch in code[j]:
                        if ch=='{': depth+=1; started=True
                        elif ch=='}': depth-=1
                    if started and depth==0:
                        res.append((j-i+1,p,i+1,m.group(6))); break
                    if not started and code[j].rstrip().endswith(';'): break
top=int(os.environ.get('TOP','10'))
res.sort(reverse=True)
print("| lines | longest functions |")
print("| ---: | --- |")
for n,p,l,name in res[:top]: print(f"| {n} | `{p}:{l}` `{name}` |")
sizes=[]
for root in sys.argv[1:] or ['src']:
    for dp,_,fs in os.walk(root):
        for f in fs:
            if f.endswith('.rs'):
                p=os.path.join(dp,f); sizes.append((sum(1 for _ in open(p)),p))
sizes.sort(reverse=True)
print()
print("| lines | largest files |")
print("| ---: | --- |")
for n,p in sizes[:top]: print(f"| {n} | `{p}` |")
