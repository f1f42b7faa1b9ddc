"""Tests for npgov.science.structure: structure identity, depiction, SMARTS and group rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rdkit import Chem, DataStructs

from npgov.science.structure import (
    ERROR_CODES,
    CompositionRule,
    GroupClassifier,
    GroupRule,
    RuleMatch,
    StructureError,
    StructureIdentity,
    compile_smarts,
    depict_svg,
    groups_from_data,
    has_substructure,
    identify,
    naive_classify,
    rules_from_data,
)

RULES_FILE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "npgov"
    / "reference"
    / "chemicals"
    / "group_rules.yaml"
)
DATA = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
RULES = rules_from_data(DATA)
CLASSIFIER = GroupClassifier(RULES)


def perfluoro(carbons: int) -> str:
    """SMILES of a linear perfluoroalkyl group CF3(CF2)n-1, written from its attachment atom."""
    return "C(F)(F)" * (carbons - 1) + "C(F)(F)F"


# The molecules below were written for these tests from the structures' definitions; the
# group cases follow the brief, the rest are common drugs and industrial chemicals. Every one
# is classified twice (screened and naive) and the results must agree.
MOLECULES: dict[str, str] = {
    # --- PFAS: acids, salts and derivatives -------------------------------------------------
    "PFOA": "OC(=O)" + perfluoro(7),
    "ammonium PFOA": "[NH4+].[O-]C(=O)" + perfluoro(7),
    "sodium PFOA": "[Na+].[O-]C(=O)" + perfluoro(7),
    "methyl perfluorooctanoate": "COC(=O)" + perfluoro(7),
    "perfluorooctanoyl fluoride": "FC(=O)" + perfluoro(7),
    "perfluorooctanamide": "NC(=O)" + perfluoro(7),
    "PFOS": "OS(=O)(=O)" + perfluoro(8),
    "K-PFOS": "[K+].[O-]S(=O)(=O)" + perfluoro(8),
    "NH4-PFOS": "[NH4+].[O-]S(=O)(=O)" + perfluoro(8),
    "Li-PFOS drawn covalently": "[Li]OS(=O)(=O)" + perfluoro(8),
    "PFOSF": "FS(=O)(=O)" + perfluoro(8),
    "methyl perfluorooctanesulfonate": "COS(=O)(=O)" + perfluoro(8),
    "perfluorooctanesulfonyl chloride": "ClS(=O)(=O)" + perfluoro(8),
    "PFOSA": "NS(=O)(=O)" + perfluoro(8),
    "N-EtFOSA": "CCNS(=O)(=O)" + perfluoro(8),
    "N-EtFOSE": "OCCN(CC)S(=O)(=O)" + perfluoro(8),
    "PFHxS": "OS(=O)(=O)" + perfluoro(6),
    "K-PFHxS": "[K+].[O-]S(=O)(=O)" + perfluoro(6),
    "PFHxSA": "NS(=O)(=O)" + perfluoro(6),
    "PFHxSF": "FS(=O)(=O)" + perfluoro(6),
    "N-MeFHxSA": "CNS(=O)(=O)" + perfluoro(6),
    "PFBS": "OS(=O)(=O)" + perfluoro(4),
    "K-PFBS": "[K+].[O-]S(=O)(=O)" + perfluoro(4),
    "PFPeS": "OS(=O)(=O)" + perfluoro(5),
    "PFHpS": "OS(=O)(=O)" + perfluoro(7),
    "PFNS": "OS(=O)(=O)" + perfluoro(9),
    "PFDS": "OS(=O)(=O)" + perfluoro(10),
    "PFBA": "OC(=O)" + perfluoro(3),
    "PFPeA": "OC(=O)" + perfluoro(4),
    "PFHxA": "OC(=O)" + perfluoro(5),
    "PFHpA": "OC(=O)" + perfluoro(6),
    "PFNA": "OC(=O)" + perfluoro(8),
    "ammonium PFNA": "[NH4+].[O-]C(=O)" + perfluoro(8),
    "methyl perfluorononanoate": "COC(=O)" + perfluoro(8),
    "perfluorononanoyl fluoride": "FC(=O)" + perfluoro(8),
    "perfluorononanoic anhydride": "O=C(" + perfluoro(8) + ")OC(=O)" + perfluoro(8),
    "PFDA": "OC(=O)" + perfluoro(9),
    "PFUnDA": "OC(=O)" + perfluoro(10),
    "PFDoDA": "OC(=O)" + perfluoro(11),
    "PFTeDA": "OC(=O)" + perfluoro(13),
    "perfluorohexylphosphonic acid": "OP(=O)(O)" + perfluoro(6),
    "perfluoroheptylphosphonic acid": "OP(=O)(O)" + perfluoro(7),
    "perfluorooctylphosphonic acid": "OP(=O)(O)" + perfluoro(8),
    "8:2 FTOH": "OCC" + perfluoro(8),
    "8:2 FTCA": "OC(=O)C" + perfluoro(8),
    "8:2 FTUCA": "OC(=O)C=C(F)" + perfluoro(7),
    "8:2 FTAC": "C=CC(=O)OCC" + perfluoro(8),
    "8:2 diPAP": "OP(=O)(OCC" + perfluoro(8) + ")OCC" + perfluoro(8),
    "6:2 FTOH": "OCC" + perfluoro(6),
    "6:2 FTS": "OS(=O)(=O)CC" + perfluoro(6),
    "perfluorooctyl iodide": "I" + perfluoro(8),
    "perfluorooctyl bromide": "Br" + perfluoro(8),
    "perfluorooctyl chloride": "Cl" + perfluoro(8),
    "perfluorooctane": "F" + perfluoro(8),
    "perfluorohexane": "F" + perfluoro(6),
    "HFPO-DA": "OC(=O)C(F)(OC(F)(F)C(F)(F)C(F)(F)F)C(F)(F)F",
    "ADONA": "OC(=O)C(F)(F)C(F)OC(F)(F)C(F)(F)C(F)(F)OC(F)(F)F",
    "6:2 Cl-PFESA": "OS(=O)(=O)C(F)(F)C(F)(F)OC(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)C(F)(F)Cl",
    "branched PFOS (6-CF3)": "OS(=O)(=O)" + "C(F)(F)" * 5 + "C(F)(C(F)(F)F)C(F)(F)F",
    "TFA": "OC(=O)C(F)(F)F",
    "PTFE repeat unit model": "FC(F)(F)C(F)(F)F",
    "tetrafluoroethylene": "FC(F)=C(F)F",
    "hexafluoropropylene": "FC(F)=C(F)C(F)(F)F",
    "tetrafluoromethane": "FC(F)(F)F",
    "fluoroform": "FC(F)F",
    "difluoromethane": "FCF",
    "chlorotrifluoromethane": "FC(F)(F)Cl",
    "HCFC-22": "FC(F)Cl",
    "CFC-12": "FC(F)(Cl)Cl",
    "HFC-134a": "FCC(F)(F)F",
    "HFC-125": "FC(F)C(F)(F)F",
    "HFC-152a": "CC(F)F",
    "fluorobenzene": "Fc1ccccc1",
    "benzotrifluoride": "FC(F)(F)c1ccccc1",
    "halothane": "FC(F)(F)C(Cl)Br",
    "isoflurane": "FC(F)OC(Cl)C(F)(F)F",
    "sevoflurane": "FCOC(C(F)(F)F)C(F)(F)F",
    "trifluralin": "CCCN(CCC)c1c(cc(cc1[N+](=O)[O-])C(F)(F)F)[N+](=O)[O-]",
    "fluoxetine": "CNCCC(Oc1ccc(cc1)C(F)(F)F)c1ccccc1",
    "celecoxib": "Cc1ccc(cc1)-c1cc(nn1-c1ccc(cc1)S(N)(=O)=O)C(F)(F)F",
    "efavirenz": "FC(F)(F)[C@]1(OC(=O)Nc2ccc(Cl)cc12)C#CC1CC1",
    "flutamide": "CC(C)C(=O)Nc1ccc(c(c1)C(F)(F)F)[N+](=O)[O-]",
    "sitagliptin": "N[C@@H](CC(=O)N1CCn2c(C1)nnc2C(F)(F)F)Cc1cc(F)c(F)cc1F",
    # --- chlorinated paraffins and other chlorinated aliphatics -----------------------------
    "SCCP C10H17Cl5": "ClCC(Cl)CCC(Cl)CC(Cl)CCCCl",
    "SCCP C12H20Cl6": "ClCC(Cl)CCC(Cl)C(Cl)CCC(Cl)CCCCl",
    "SCCP C13H22Cl6": "CC(Cl)CC(Cl)CC(Cl)CC(Cl)CC(Cl)CCCCl",
    "SCCP C11H18Cl6": "ClCC(Cl)C(Cl)CCC(Cl)CC(Cl)CCCCl",
    "MCCP C14H24Cl6": "ClCC(Cl)CCC(Cl)CCC(Cl)CCC(Cl)CCCCl",
    "C11H22Cl2": "ClCCCCCCCCCC(C)Cl",
    "C11H21Cl3": "ClCCCCC(Cl)CCCCCCCl",
    "C9H15Cl5": "ClCC(Cl)CCC(Cl)CC(Cl)CCCl",
    "chlorinated decene C10H15Cl5": "ClCC(Cl)C=CC(Cl)CC(Cl)CCCCl",
    "chlorocyclododecane": "ClC1CCCCCCCCCCC1",
    "1-chlorodecane": "CCCCCCCCCCCl",
    "hexachlorobutadiene": "ClC(Cl)=C(Cl)C(Cl)=C(Cl)Cl",
    "dichloromethane": "ClCCl",
    "chloroform": "ClC(Cl)Cl",
    "carbon tetrachloride": "ClC(Cl)(Cl)Cl",
    "trichloroethylene": "ClC=C(Cl)Cl",
    "tetrachloroethylene": "ClC(Cl)=C(Cl)Cl",
    "vinyl chloride": "C=CCl",
    "lindane": "ClC1C(Cl)C(Cl)C(Cl)C(Cl)C1Cl",
    "dechlorane plus": (
        "ClC1=C(Cl)C2(Cl)C3CCC4C(CCC3C1(Cl)C2(Cl)Cl)C1(Cl)C(Cl)=C(Cl)C4(Cl)C1(Cl)Cl"
    ),
    # --- brominated flame retardants --------------------------------------------------------
    "decaBDE": "Brc1c(Br)c(Br)c(Oc2c(Br)c(Br)c(Br)c(Br)c2Br)c(Br)c1Br",
    "BDE-47": "Brc1ccc(Oc2ccc(Br)cc2Br)c(Br)c1",
    "BDE-99": "Brc1cc(Br)c(Oc2ccc(Br)cc2Br)cc1Br",
    "BDE-153": "Brc1cc(Br)c(Oc2cc(Br)c(Br)cc2Br)cc1Br",
    "BDE-3": "Brc1ccc(Oc2ccccc2)cc1",
    "diphenyl ether": "c1ccc(Oc2ccccc2)cc1",
    "6-OH-BDE-47": "Oc1cc(Br)cc(Br)c1Oc1ccc(Br)cc1Br",
    "6-MeO-BDE-47": "COc1cc(Br)cc(Br)c1Oc1ccc(Br)cc1Br",
    "hexabromobenzene": "Brc1c(Br)c(Br)c(Br)c(Br)c1Br",
    "TBBPA": "CC(C)(c1cc(Br)c(O)c(Br)c1)c1cc(Br)c(O)c(Br)c1",
    "PBB-153": "Brc1cc(Br)c(cc1Br)-c1cc(Br)c(Br)cc1Br",
    "DBDPE": "Brc1c(Br)c(Br)c(CCc2c(Br)c(Br)c(Br)c(Br)c2Br)c(Br)c1Br",
    "HBCDD": "BrC1CCC(Br)C(Br)CCC(Br)C(Br)CCC1Br",
    "alpha-HBCDD": "Br[C@@H]1CC[C@@H](Br)[C@H](Br)CC[C@H](Br)[C@@H](Br)CC[C@@H]1Br",
    "1,2,3,4,5,6-hexabromocyclododecane": "BrC1CCCCCCC(Br)C(Br)C(Br)C(Br)C1Br",
    "cyclododecane": "C1CCCCCCCCCCC1",
    "1,2-dibromocyclododecane": "BrC1CCCCCCCCCCC1Br",
    "TBECH": "BrCC(Br)C1CCC(Br)C(Br)C1",
    # --- chlorinated aromatics --------------------------------------------------------------
    "PCB-153": "Clc1cc(Cl)c(cc1Cl)-c1cc(Cl)c(Cl)cc1Cl",
    "PCB-3": "Clc1ccc(cc1)-c1ccccc1",
    "PCB-77": "Clc1ccc(cc1Cl)-c1ccc(Cl)c(Cl)c1",
    "PCB-209": "Clc1c(Cl)c(Cl)c(-c2c(Cl)c(Cl)c(Cl)c(Cl)c2Cl)c(Cl)c1Cl",
    "biphenyl": "c1ccc(cc1)-c1ccccc1",
    "4,4''-dichloro-p-terphenyl": "Clc1ccc(cc1)-c1ccc(cc1)-c1ccc(Cl)cc1",
    "4-OH-PCB-107": "Oc1c(Cl)cc(cc1Cl)-c1ccc(Cl)c(Cl)c1Cl",
    "2,3,7,8-TCDD": "Clc1cc2Oc3cc(Cl)c(Cl)cc3Oc2cc1Cl",
    "2,3,7,8-TCDF": "Clc1cc2c(cc1Cl)oc1cc(Cl)c(Cl)cc12",
    "PCP": "Oc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "sodium PCP": "[Na+].[O-]c1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "pentachlorophenyl laurate": "CCCCCCCCCCCC(=O)Oc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "pentachlorophenyl acetate": "CC(=O)Oc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "pentachlorobenzene": "Clc1cc(Cl)c(Cl)c(Cl)c1Cl",
    "2,4,6-trichlorophenol": "Oc1c(Cl)cc(Cl)cc1Cl",
    "2,3,4,6-tetrachlorophenol": "Oc1c(Cl)cc(Cl)c(Cl)c1Cl",
    "pentachloroanisole": "COc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "hexachlorobenzene": "Clc1c(Cl)c(Cl)c(Cl)c(Cl)c1Cl",
    "triclosan": "Oc1cc(Cl)ccc1Oc1ccc(Cl)cc1Cl",
    "triclocarban": "Clc1ccc(NC(=O)Nc2ccc(Cl)c(Cl)c2)cc1",
    "DDT": "ClC(Cl)(Cl)C(c1ccc(Cl)cc1)c1ccc(Cl)cc1",
    "dicofol": "OC(c1ccc(Cl)cc1)(c1ccc(Cl)cc1)C(Cl)(Cl)Cl",
    "atrazine": "CCNc1nc(Cl)nc(NC(C)C)n1",
    "2,4-D": "OC(=O)COc1ccc(Cl)cc1Cl",
    # --- alkylphenols -----------------------------------------------------------------------
    "4-n-nonylphenol": "CCCCCCCCCc1ccc(O)cc1",
    "4-(1,6-dimethylheptyl)phenol": "CC(C)CCCCC(C)c1ccc(O)cc1",
    "4-(1,1-dimethylheptyl)phenol": "CCCCCCC(C)(C)c1ccc(O)cc1",
    "2-nonylphenol": "CCCCCCCCCc1ccccc1O",
    "3-nonylphenol": "CCCCCCCCCc1cccc(O)c1",
    "4-heptyl-2,6-dimethylphenol": "CCCCCCCc1cc(C)c(O)c(C)c1",
    "4-n-octylphenol": "CCCCCCCCc1ccc(O)cc1",
    "4-tert-octylphenol": "CC(C)(C)CC(C)(C)c1ccc(O)cc1",
    "4-decylphenol": "CCCCCCCCCCc1ccc(O)cc1",
    "nonylphenol monoethoxylate": "CCCCCCCCCc1ccc(OCCO)cc1",
    "nonylbenzene": "CCCCCCCCCc1ccccc1",
    "4-nonylanisole": "CCCCCCCCCc1ccc(OC)cc1",
    "bisphenol A": "CC(C)(c1ccc(O)cc1)c1ccc(O)cc1",
    "bisphenol S": "Oc1ccc(cc1)S(=O)(=O)c1ccc(O)cc1",
    # --- antibiotics and look-alikes --------------------------------------------------------
    "amoxicillin": "CC1(C)S[C@@H]2[C@H](NC(=O)[C@H](N)c3ccc(O)cc3)C(=O)N2[C@H]1C(=O)O",
    "penicillin G": "CC1(C)SC2C(NC(=O)Cc3ccccc3)C(=O)N2C1C(=O)O",
    "penicillin V": "CC1(C)SC2C(NC(=O)COc3ccccc3)C(=O)N2C1C(=O)O",
    "ampicillin": "CC1(C)SC2C(NC(=O)C(N)c3ccccc3)C(=O)N2C1C(=O)O",
    "cloxacillin": "Cc1onc(-c2ccccc2Cl)c1C(=O)NC1C(=O)N2C1SC(C)(C)C2C(=O)O",
    "cefalexin": "CC1=C(N2C(C(C2=O)NC(=O)C(N)c2ccccc2)SC1)C(=O)O",
    "ceftriaxone": "CN1C(=NC(=O)C(=O)N1)SCC1=C(N2C(C(C2=O)NC(=O)C(=NOC)c2csc(N)n2)SC1)C(=O)O",
    "cefazolin": "Cc1nnc(SCC2=C(N3C(SC2)C(NC(=O)Cn2cnnn2)C3=O)C(=O)O)s1",
    "cefuroxime": "CON=C(C(=O)NC1C(=O)N2C(C(=O)O)=C(COC(N)=O)CSC12)c1ccco1",
    "ciprofloxacin": "OC(=O)C1=CN(C2CC2)c2cc(N3CCNCC3)c(F)cc2C1=O",
    "norfloxacin": "CCN1C=C(C(=O)O)C(=O)c2cc(F)c(N3CCNCC3)cc21",
    "levofloxacin": "C[C@H]1COc2c(N3CCN(C)CC3)c(F)cc3c(=O)c(C(=O)O)cn1c23",
    "enrofloxacin": "CCN1CCN(CC1)c1cc2c(cc1F)c(=O)c(cn2C1CC1)C(=O)O",
    "nalidixic acid": "CCN1C=C(C(=O)O)C(=O)c2ccc(C)nc21",
    "sulfamethoxazole": "Cc1cc(NS(=O)(=O)c2ccc(N)cc2)no1",
    "sulfadiazine": "Nc1ccc(cc1)S(=O)(=O)Nc1ncccn1",
    "sulfanilamide": "Nc1ccc(cc1)S(N)(=O)=O",
    "sulfacetamide": "CC(=O)NS(=O)(=O)c1ccc(N)cc1",
    "sulfathiazole": "Nc1ccc(cc1)S(=O)(=O)Nc1nccs1",
    "sulfamethazine": "Cc1cc(C)nc(NS(=O)(=O)c2ccc(N)cc2)n1",
    "sulfacarbamide": "NC(=O)NS(=O)(=O)c1ccc(N)cc1",
    "succinylsulfathiazole": "OC(=O)CCC(=O)Nc1ccc(cc1)S(=O)(=O)Nc1nccs1",
    "carbutamide": "CCCCNC(=O)NS(=O)(=O)c1ccc(N)cc1",
    "hydrochlorothiazide": "NS(=O)(=O)c1cc2c(cc1Cl)NCNS2(=O)=O",
    "furosemide": "NS(=O)(=O)c1cc(C(=O)O)c(NCc2ccco2)cc1Cl",
    "dapsone": "Nc1ccc(cc1)S(=O)(=O)c1ccc(N)cc1",
    "trimethoprim": "COc1cc(Cc2cnc(N)nc2N)cc(OC)c1OC",
    "erythromycin": (
        "CCC1OC(=O)C(C)C(OC2CC(C)(OC)C(O)C(C)O2)C(C)C(OC2OC(C)CC(N(C)C)C2O)C(C)(O)CC(C)"
        "C(=O)C(C)C(O)C1(C)O"
    ),
    "tetracycline": "CN(C)C1C2CC3C(=C(O)c4c(O)cccc4C3(C)O)C(=O)C2(O)C(=O)C(C(N)=O)=C1O",
    "meropenem": "CC1C2C(C(C)O)C(=O)N2C(C(=O)O)=C1SC1CNC(C1)C(=O)N(C)C",
    "clavulanic acid": "OCC=C1OC2CC(=O)N2C1C(=O)O",
    "chloramphenicol": "OCC(NC(=O)C(Cl)Cl)C(O)c1ccc(cc1)[N+](=O)[O-]",
    "metronidazole": "Cc1ncc([N+](=O)[O-])n1CCO",
    "linezolid": "CC(=O)NCC1CN(C(=O)O1)c1ccc(N2CCOCC2)c(F)c1",
    "ezetimibe": "OC(CCC1C(N(C1=O)c1ccc(F)cc1)c1ccc(O)cc1)c1ccc(F)cc1",
    "ivacaftor": "CC(C)(C)c1cc(C(C)(C)C)c(O)cc1NC(=O)c1c[nH]c2ccccc2c1=O",
    "quinoline": "c1ccc2ncccc2c1",
    "4-quinolone": "O=c1cc[nH]c2ccccc12",
    "chloroquine": "CCN(CC)CCCC(C)Nc1ccnc2cc(Cl)ccc12",
    # --- other drugs ------------------------------------------------------------------------
    "caffeine": "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
    "theophylline": "Cn1c2nc[nH]c2c(=O)n(C)c1=O",
    "aspirin": "CC(=O)Oc1ccccc1C(=O)O",
    "salicylic acid": "OC(=O)c1ccccc1O",
    "paracetamol": "CC(=O)Nc1ccc(O)cc1",
    "ibuprofen": "CC(C)Cc1ccc(cc1)C(C)C(=O)O",
    "naproxen": "COc1ccc2cc(ccc2c1)[C@H](C)C(=O)O",
    "diclofenac": "OC(=O)Cc1ccccc1Nc1c(Cl)cccc1Cl",
    "metformin": "CN(C)C(=N)NC(N)=N",
    "amlodipine": "CCOC(=O)C1=C(COCCN)NC(C)=C(C1c1ccccc1Cl)C(=O)OC",
    "losartan": "CCCCc1nc(Cl)c(CO)n1Cc1ccc(cc1)-c1ccccc1-c1nn[nH]n1",
    "atorvastatin": (
        "CC(C)c1c(C(=O)Nc2ccccc2)c(-c2ccccc2)c(-c2ccc(F)cc2)n1CC[C@@H](O)C[C@@H](O)CC(=O)O"
    ),
    "warfarin": "CC(=O)CC(c1ccccc1)c1c(O)c2ccccc2oc1=O",
    "carbamazepine": "NC(=O)N1c2ccccc2C=Cc2ccccc21",
    "diazepam": "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21",
    "morphine": "CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5",
    "nicotine": "CN1CCC[C@H]1c1cccnc1",
    "lidocaine": "CCN(CC)CC(=O)Nc1c(C)cccc1C",
    "propranolol": "CC(C)NCC(O)COc1cccc2ccccc12",
    "atenolol": "CC(C)NCC(O)COc1ccc(CC(N)=O)cc1",
    "metoprolol": "COCCc1ccc(OCC(O)CNC(C)C)cc1",
    "salbutamol": "CC(C)(C)NCC(O)c1ccc(O)c(CO)c1",
    "sildenafil": "CCCc1nn(C)c2c1nc([nH]c2=O)-c1cc(ccc1OCC)S(=O)(=O)N1CCN(C)CC1",
    "tamoxifen": "CC/C(=C(/c1ccccc1)c1ccc(OCCN(C)C)cc1)c1ccccc1",
    "estradiol": "C[C@]12CC[C@H]3[C@@H](CCc4cc(O)ccc34)[C@@H]1CC[C@@H]2O",
    "testosterone": "C[C@]12CC[C@H]3[C@@H](CCC4=CC(=O)CC[C@]34C)[C@@H]1CC[C@@H]2O",
    "cholesterol": (
        "CC(C)CCC[C@@H](C)[C@H]1CC[C@H]2[C@@H]3CC=C4C[C@@H](O)CC[C@]4(C)[C@H]3CC[C@]12C"
    ),
    "omeprazole": "COc1ccc2[nH]c(nc2c1)S(=O)Cc1ncc(C)c(OC)c1C",
    "glucose": "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O",
    "sucrose": "OC[C@H]1O[C@@](CO)(O[C@H]2O[C@H](CO)[C@@H](O)[C@H](O)[C@H]2O)[C@@H](O)[C@@H]1O",
    "ascorbic acid": "OC[C@H](O)[C@H]1OC(=O)C(O)=C1O",
    "adenosine": "Nc1ncnc2c1ncn2[C@@H]1O[C@H](CO)[C@@H](O)[C@H]1O",
    "L-alanine": "C[C@H](N)C(=O)O",
    "glycine zwitterion": "[NH3+]CC(=O)[O-]",
    # --- industrial and simple chemicals ----------------------------------------------------
    "benzene": "c1ccccc1",
    "toluene": "Cc1ccccc1",
    "o-xylene": "Cc1ccccc1C",
    "styrene": "C=Cc1ccccc1",
    "phenol": "Oc1ccccc1",
    "naphthalene": "c1ccc2ccccc2c1",
    "anthracene": "c1ccc2cc3ccccc3cc2c1",
    "benzo[a]pyrene": "c1ccc2c(c1)cc1ccc3cccc4ccc2c1c34",
    "formaldehyde": "C=O",
    "acetone": "CC(C)=O",
    "methanol": "CO",
    "ethanol": "CCO",
    "ethylene glycol": "OCCO",
    "acrylamide": "C=CC(N)=O",
    "acrylonitrile": "C=CC#N",
    "caprolactam": "O=C1CCCCCN1",
    "melamine": "Nc1nc(N)nc(N)n1",
    "glyphosate": "OC(=O)CNCP(=O)(O)O",
    "DEHP": "CCCCC(CC)COC(=O)c1ccccc1C(=O)OCC(CC)CCCC",
    "dibutyl phthalate": "CCCCOC(=O)c1ccccc1C(=O)OCCCC",
    "TCEP": "ClCCOP(=O)(OCCCl)OCCCl",
    "triphenyl phosphate": "O=P(Oc1ccccc1)(Oc1ccccc1)Oc1ccccc1",
    "sodium dodecyl sulfate": "CCCCCCCCCCCCOS(=O)(=O)[O-].[Na+]",
    "dodecylbenzenesulfonic acid": "CCCCCCCCCCC(C)c1ccc(cc1)S(=O)(=O)O",
    "nitrobenzene (pentavalent N)": "c1ccccc1N(=O)=O",
    "nitromethane": "C[N+](=O)[O-]",
    "dimethyl sulfoxide": "CS(C)=O",
    "benzoic acid": "OC(=O)c1ccccc1",
    "water": "O",
    "ammonia": "N",
    "carbon dioxide": "O=C=O",
    "sulfuric acid": "OS(=O)(=O)O",
    "sodium chloride": "[Na+].[Cl-]",
    "deuterated methane": "[2H]C([2H])([2H])[2H]",
}


def matched_rules(smiles: str) -> set[tuple[str, str]]:
    return {(m.group_code, m.rule_code) for m in CLASSIFIER.classify(smiles)}


def matched_groups(smiles: str) -> set[str]:
    return {group for group, _ in matched_rules(smiles)}


def chlorine_fraction(smiles: str) -> float:
    """Cl mass fraction from RDKit's average atomic weights (IUPAC standard atomic weights)."""
    mol = Chem.MolFromSmiles(smiles)
    table = Chem.GetPeriodicTable()
    total = sum(a.GetMass() + a.GetTotalNumHs() * table.GetAtomicWeight(1) for a in mol.GetAtoms())
    chlorine = sum(a.GetMass() for a in mol.GetAtoms() if a.GetSymbol() == "Cl")
    return chlorine / total


# ---------------------------------------------------------------------------------------------
# identify()


def test_molecule_list_is_large_and_parses():
    assert len(MOLECULES) >= 200
    assert len(set(MOLECULES.values())) == len(MOLECULES)
    for name, smiles in MOLECULES.items():
        assert Chem.MolFromSmiles(smiles) is not None, name


def test_identify_pfoa():
    # InChIKey and formula of PFOA (CAS 335-67-1): PubChem CID 9554. Monoisotopic mass from
    # 12C, 1H, 19F (18.998403163) and 16O (15.994914620) (IUPAC/AME2020 atomic masses):
    # 8*12 + 1.007825032 + 15*18.998403163 + 2*15.994914620 = 413.973702572 Da.
    identity = identify("  " + MOLECULES["PFOA"] + "\n")
    assert isinstance(identity, StructureIdentity)
    assert identity.smiles == MOLECULES["PFOA"]
    assert identity.inchikey == "SNGREZUHAYWORS-UHFFFAOYSA-N"
    assert identity.inchi.startswith("InChI=1S/C8HF15O2/")
    assert identity.formula == "C8HF15O2"
    assert identity.monoisotopic_mass == pytest.approx(413.9737, abs=1e-4)
    assert identity.charge == 0
    assert identity.parent_inchikey == identity.inchikey
    assert not identity.changed_by_normalisation


def test_identify_pfos_and_its_potassium_salt():
    # PFOS acid (CAS 1763-23-1): InChIKey YFSUTJLHUFNCNZ-UHFFFAOYSA-N, PubChem CID 74483;
    # RDKit 2026.09 computes the same key.
    acid = identify(MOLECULES["PFOS"])
    assert acid.inchikey == "YFSUTJLHUFNCNZ-UHFFFAOYSA-N"
    assert acid.formula == "C8HF17O3S"
    salt = identify(MOLECULES["K-PFOS"])
    assert salt.charge == 0
    assert salt.inchikey != acid.inchikey
    assert salt.parent_inchikey == acid.inchikey
    anion = identify("[O-]S(=O)(=O)" + perfluoro(8))
    assert anion.charge == -1
    assert anion.formula == "C8F17O3S-"
    assert anion.parent_inchikey == acid.inchikey


@pytest.mark.parametrize(
    ("smiles", "code"),
    [
        ("", "empty"),
        ("   \t", "empty"),
        ("not a smiles", "unparsable"),
        ("C1CC", "unparsable"),
        ("CCO ethanol", "unparsable"),
        ("c1cccc1", "sanitisation"),
        ("C(C)(C)(C)(C)C", "sanitisation"),
        ("*C", "no_structure"),
    ],
)
def test_identify_errors(smiles, code):
    with pytest.raises(StructureError) as caught:
        identify(smiles)
    error = caught.value
    assert error.code == code
    assert error.code in ERROR_CODES
    assert error.value == smiles.strip()
    assert error.reason_zh and error.reason_en
    assert str(error) == error.reason_en


def test_sanitisation_errors_carry_rdkit_message():
    with pytest.raises(StructureError) as valence:
        identify("C(C)(C)(C)(C)C")
    # RDKit 2026.09 message for the pentavalent first atom.
    message = "Explicit valence for atom # 0 C, 5, is greater than permitted"
    assert message in valence.value.reason_en
    assert message in valence.value.reason_zh
    with pytest.raises(StructureError) as kekulize:
        identify("c1cccc1")
    assert "kekulize" in kekulize.value.reason_en
    assert "kekulize" in kekulize.value.reason_zh


def test_identify_rejects_non_strings():
    with pytest.raises(TypeError):
        identify(None)  # type: ignore[arg-type]


def test_nitro_forms():
    # RDKit's sanitisation (its "cleanup" step) rewrites the pentavalent nitro group N(=O)=O
    # into the charge-separated [N+](=O)[O-], so both spellings give one canonical SMILES and
    # Normalize has nothing left to change.
    written = identify("c1ccccc1N(=O)=O")
    separated = identify("O=[N+]([O-])c1ccccc1")
    assert written.canonical_smiles == separated.canonical_smiles == "O=[N+]([O-])c1ccccc1"
    assert written.inchikey == separated.inchikey
    assert not written.changed_by_normalisation
    charged, pentavalent = identify("C[N+](=O)[O-]"), identify("CN(=O)=O")
    assert charged.canonical_smiles == pentavalent.canonical_smiles == "C[N+](=O)[O-]"
    assert charged.inchikey == pentavalent.inchikey
    assert charged.charge == pentavalent.charge == 0


def test_normalisation_changes():
    # RDKit 2026.09 Normalize recombines a doubly charge-separated sulfone into S(=O)=O ...
    sulfone = identify("C[S+2]([O-])([O-])C")
    assert sulfone.changed_by_normalisation
    assert sulfone.normalised_smiles == "CS(C)(=O)=O"
    assert sulfone.inchikey == identify("CS(C)(=O)=O").inchikey
    # ... and writes sulfoxides charge-separated, so DMSO as usually drawn is rewritten.
    dmso = identify("CS(C)=O")
    assert dmso.changed_by_normalisation
    assert dmso.normalised_smiles == "C[S+](C)[O-]"
    assert not identify("CCO").changed_by_normalisation


def test_neutral_single_component_parent_is_itself():
    # Covalently drawn metal salts are skipped: InChI and RDKit's standardiser disconnect the
    # metal, so they behave as salts.
    metals = {"Li", "Na", "K"}
    for name, smiles in MOLECULES.items():
        mol = Chem.MolFromSmiles(smiles)
        charged = any(atom.GetFormalCharge() for atom in mol.GetAtoms())
        metal = any(atom.GetSymbol() in metals for atom in mol.GetAtoms())
        if "." in smiles or charged or metal:
            continue
        identity = identify(smiles)
        assert identity.parent_inchikey == identity.inchikey, name


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_identify_raises_only_structure_error(text):
    try:
        identity = identify(text)
    except StructureError as error:
        assert error.code in ERROR_CODES
    else:
        assert identity.inchikey


@given(st.sampled_from(sorted(MOLECULES.values())), st.integers(0, 2**31 - 1))
@settings(max_examples=80, deadline=None)
def test_identify_round_trip(smiles, seed):
    # Chem.MolToSmiles(mol, doRandom=True) draws from a generator that cannot be seeded from
    # Python in RDKit 2026.09; MolToRandomSmilesVect is the same random writer with a seed.
    identity = identify(smiles)
    again = identify(identity.canonical_smiles)
    assert again.inchikey == identity.inchikey
    assert again.canonical_smiles == identity.canonical_smiles
    (random_smiles,) = Chem.MolToRandomSmilesVect(Chem.MolFromSmiles(smiles), 1, randomSeed=seed)
    shuffled = identify(random_smiles)
    assert shuffled.inchikey == identity.inchikey
    assert shuffled.canonical_smiles == identity.canonical_smiles


# ---------------------------------------------------------------------------------------------
# depiction and SMARTS


def test_depict_svg():
    svg = depict_svg(MOLECULES["PFOA"])
    assert svg.startswith("<svg")
    assert "</svg>" in svg
    assert "<?xml" not in svg
    small = depict_svg("c1ccccc1O", width=120, height=90)
    assert "width='120px'" in small


def test_depict_svg_errors():
    with pytest.raises(StructureError) as caught:
        depict_svg("c1cccc1")
    assert caught.value.code == "sanitisation"
    with pytest.raises(ValueError):
        depict_svg("CCO", width=0)


def test_compile_smarts_and_has_substructure():
    assert compile_smarts("[CX4](F)(F)F").GetNumAtoms() == 4
    assert has_substructure("OC(=O)C(F)(F)F", "C(=O)[OX2H1]")
    assert not has_substructure("CCO", "C(=O)[OX2H1]")
    for bad in ("", "[C", "C(C", "C C"):
        with pytest.raises(StructureError) as caught:
            compile_smarts(bad)
        assert caught.value.code == "smarts"
    with pytest.raises(StructureError) as caught:
        has_substructure("c1cccc1", "C")
    assert caught.value.code == "sanitisation"


# ---------------------------------------------------------------------------------------------
# group rules: data file


def test_rule_file_structure():
    assert DATA["version"] == "2026-11"
    groups = groups_from_data(DATA)
    assert [g["code"] for g in groups] == [
        "PFAS_OECD",
        "PFOS",
        "PFOA",
        "PFHXS",
        "SCCP",
        "PBDE",
        "NP",
        "PCP",
        "HBCDD",
        "PCB",
        "ANTIBIOTICS",
    ]
    by_code = {g["code"]: g for g in groups}
    assert by_code["PFOA"]["rule_codes"] == ["pfoa_acid_salts", "pfoa_related"]
    assert by_code["PFHXS"]["rule_codes"] == ["pfhxs_acid_salts", "pfhxs_related"]
    assert by_code["ANTIBIOTICS"]["rule_codes"] == ["penam", "cephem", "quinolone", "sulfonamide"]
    for group in groups:
        assert set(group) == {
            "code",
            "name_zh",
            "name_en",
            "description_en",
            "source",
            "rule_codes",
        }
        assert group["name_zh"] and group["name_en"] and group["source"]
    for code in ("PFOS", "PFOA", "PFHXS"):
        assert "explicit membership" in by_code[code]["description_en"]
    assert "explicit membership" in by_code["ANTIBIOTICS"]["description_en"]
    assert "greater than 48 %" in by_code["SCCP"]["description_en"]
    assert [(r.group_code, r.rule_code) for r in RULES] == [
        (g["code"], code) for g in groups for code in g["rule_codes"]
    ]
    assert CLASSIFIER.rules == tuple(RULES)
    assert not any(rule.provisional for rule in RULES)


def test_rules_from_data_validation():
    def data(rule: dict) -> dict:
        return {
            "version": "x",
            "groups": [
                {
                    "code": "G",
                    "name_zh": "组",
                    "name_en": "Group",
                    "description_en": "A group.",
                    "source": "Test",
                    "rules": [{"code": "r", "description_en": "A rule.", **rule}],
                }
            ],
        }

    (rule,) = rules_from_data(data({"any_of": ["CO"], "composition": {"elements": ["C", "O"]}}))
    assert rule.composition == CompositionRule(elements=frozenset({"C", "O"}))
    with pytest.raises(ValueError, match="unknown keys"):
        rules_from_data(data({"non_of": ["C"], "any_of": ["C"]}))
    with pytest.raises(ValueError, match="needs any_of"):
        rules_from_data(data({"none_of": ["C"]}))
    with pytest.raises(ValueError, match="unknown element"):
        rules_from_data(data({"composition": {"counts": [["Xx", 1, 2]]}}))
    with pytest.raises(ValueError):
        rules_from_data({"groups": []})
    duplicated = data({"any_of": ["C"]})
    duplicated["groups"].append(duplicated["groups"][0])
    with pytest.raises(ValueError, match="duplicate group code"):
        rules_from_data(duplicated)


def test_group_rule_needs_a_condition():
    with pytest.raises(ValueError):
        GroupRule("G", "r", "nothing")
    with pytest.raises(ValueError):
        GroupRule("G", "r", "exclusions only", none_of=("C",))
    with pytest.raises(ValueError):
        CompositionRule()
    rule = GroupRule("G", "r", "lists become tuples", any_of=["C"])  # type: ignore[arg-type]
    assert rule.any_of == ("C",)


def test_classifier_reports_bad_smarts_with_rule():
    with pytest.raises(StructureError) as caught:
        GroupClassifier([GroupRule("G", "broken", "bad", any_of=("[C",))])
    assert caught.value.code == "smarts"
    assert "G/broken" in caught.value.reason_en


def test_classify_many_and_mol_input():
    results = list(CLASSIFIER.classify_many([MOLECULES["PFOS"], "not a smiles", "c1cccc1", ""]))
    assert {m.group_code for m in results[0]} == {"PFAS_OECD", "PFOS"}
    assert results[1:] == [[], [], []]
    for name in ("K-PFOS", "PCB-153", "sulfadiazine", "SCCP C10H17Cl5"):
        mol = Chem.MolFromSmiles(MOLECULES[name])
        assert CLASSIFIER.classify(mol) == CLASSIFIER.classify(MOLECULES[name]), name
        assert CLASSIFIER.classify(Chem.AddHs(mol)) == CLASSIFIER.classify(mol), name
    match = CLASSIFIER.classify(MOLECULES["PFOS"])[0]
    assert isinstance(match, RuleMatch)
    assert match.group_code == "PFAS_OECD" and not match.provisional


# ---------------------------------------------------------------------------------------------
# group rules: chemistry


def cases(group: str, positive: list[str], negative: list[str]) -> list:
    return [pytest.param(group, name, True, id=f"{group}+{name}") for name in positive] + [
        pytest.param(group, name, False, id=f"{group}-{name}") for name in negative
    ]


GROUP_CASES = [
    *cases(
        "PFAS_OECD",
        [
            "PFOA",
            "PFOS",
            "TFA",
            "PTFE repeat unit model",
            "HFC-134a",
            "HFC-125",
            "fluoxetine",
            "celecoxib",
            "tetrafluoromethane",
            "hexafluoropropylene",
            "6:2 Cl-PFESA",
            "HFPO-DA",
            "halothane",
            "K-PFOS",
        ],
        [
            "difluoromethane",
            "chlorotrifluoromethane",
            "fluoroform",
            "fluorobenzene",
            "tetrafluoroethylene",
            "HCFC-22",
            "CFC-12",
            "HFC-152a",
            "atorvastatin",
            "ciprofloxacin",
            "benzene",
        ],
    ),
    *cases(
        "PFOS",
        ["PFOS", "K-PFOS", "NH4-PFOS", "Li-PFOS drawn covalently", "PFOSF"],
        [
            "PFHxS",
            "PFBS",
            "PFOA",
            "N-EtFOSA",
            "PFOSA",
            "methyl perfluorooctanesulfonate",
            "PFNS",
            "PFHpS",
            "branched PFOS (6-CF3)",
            "6:2 Cl-PFESA",
        ],
    ),
    *cases(
        "PFOA",
        [
            "PFOA",
            "ammonium PFOA",
            "sodium PFOA",
            "8:2 FTOH",
            "8:2 FTCA",
            "8:2 FTUCA",
            "8:2 FTAC",
            "8:2 diPAP",
            "perfluorooctyl iodide",
            "N-EtFOSA",
            "N-EtFOSE",
            "PFOSA",
            "methyl perfluorooctanoate",
            "perfluorooctanoyl fluoride",
            "perfluorooctanamide",
            "methyl perfluorooctanesulfonate",
            "perfluorooctanesulfonyl chloride",
        ],
        [
            "PFNA",
            "ammonium PFNA",
            "methyl perfluorononanoate",
            "perfluorononanoyl fluoride",
            "perfluorononanoic anhydride",
            "PFDA",
            "PFUnDA",
            "PFDoDA",
            "PFTeDA",
            "perfluorooctylphosphonic acid",
            "perfluoroheptylphosphonic acid",
            "PFNS",
            "PFDS",
            "PFOS",
            "K-PFOS",
            "PFOSF",
            "perfluorooctyl bromide",
            "perfluorooctyl chloride",
            "perfluorooctane",
            "PFHxA",
            "PFHpA",
            "PFHxS",
            "6:2 FTOH",
        ],
    ),
    *cases(
        "PFHXS",
        ["PFHxS", "K-PFHxS", "PFHxSA", "PFHxSF", "N-MeFHxSA"],
        ["PFOS", "PFBS", "PFHxA", "PFPeS", "PFHpS", "6:2 FTS", "perfluorohexane"],
    ),
    *cases(
        "SCCP",
        ["SCCP C10H17Cl5", "SCCP C12H20Cl6", "SCCP C13H22Cl6", "SCCP C11H18Cl6"],
        [
            "MCCP C14H24Cl6",
            "C11H22Cl2",
            "C11H21Cl3",
            "C9H15Cl5",
            "chlorinated decene C10H15Cl5",
            "chlorocyclododecane",
            "1-chlorodecane",
            "lindane",
        ],
    ),
    *cases(
        "PBDE",
        ["decaBDE", "BDE-47", "BDE-99", "BDE-153", "BDE-3"],
        [
            "diphenyl ether",
            "triclosan",
            "hexabromobenzene",
            "6-OH-BDE-47",
            "6-MeO-BDE-47",
            "TBBPA",
            "PBB-153",
            "DBDPE",
        ],
    ),
    *cases(
        "NP",
        [
            "4-n-nonylphenol",
            "4-(1,6-dimethylheptyl)phenol",
            "4-(1,1-dimethylheptyl)phenol",
            "2-nonylphenol",
            "3-nonylphenol",
        ],
        [
            "4-n-octylphenol",
            "4-tert-octylphenol",
            "4-decylphenol",
            "nonylphenol monoethoxylate",
            "nonylbenzene",
            "4-nonylanisole",
            "4-heptyl-2,6-dimethylphenol",
            "bisphenol A",
        ],
    ),
    *cases(
        "PCP",
        ["PCP", "sodium PCP", "pentachlorophenyl laurate", "pentachlorophenyl acetate"],
        [
            "pentachlorobenzene",
            "2,4,6-trichlorophenol",
            "2,3,4,6-tetrachlorophenol",
            "pentachloroanisole",
            "hexachlorobenzene",
        ],
    ),
    *cases(
        "HBCDD",
        ["HBCDD", "alpha-HBCDD"],
        [
            "cyclododecane",
            "1,2-dibromocyclododecane",
            "1,2,3,4,5,6-hexabromocyclododecane",
            "TBECH",
        ],
    ),
    *cases(
        "PCB",
        ["PCB-153", "PCB-3", "PCB-77", "PCB-209"],
        [
            "biphenyl",
            "4,4''-dichloro-p-terphenyl",
            "decaBDE",
            "BDE-47",
            "PBB-153",
            "4-OH-PCB-107",
            "2,3,7,8-TCDF",
            "2,3,7,8-TCDD",
        ],
    ),
    *cases(
        "ANTIBIOTICS",
        [
            "amoxicillin",
            "penicillin G",
            "penicillin V",
            "ampicillin",
            "cloxacillin",
            "cefalexin",
            "ceftriaxone",
            "cefazolin",
            "cefuroxime",
            "ciprofloxacin",
            "norfloxacin",
            "levofloxacin",
            "enrofloxacin",
            "nalidixic acid",
            "sulfamethoxazole",
            "sulfadiazine",
            "sulfanilamide",
            "sulfacetamide",
            "sulfathiazole",
            "sulfamethazine",
            "sulfacarbamide",
            "succinylsulfathiazole",
        ],
        [
            "ezetimibe",
            "caffeine",
            "aspirin",
            "quinoline",
            "4-quinolone",
            "hydrochlorothiazide",
            "furosemide",
            "carbutamide",
            "dapsone",
            "celecoxib",
            "ivacaftor",
            "clavulanic acid",
            "meropenem",
            "chloroquine",
        ],
    ),
]


@pytest.mark.parametrize(("group", "name", "expected"), GROUP_CASES)
def test_group_membership(group, name, expected):
    assert (group in matched_groups(MOLECULES[name])) is expected


@pytest.mark.parametrize(
    ("name", "rules"),
    [
        ("PFOA", {("PFOA", "pfoa_acid_salts"), ("PFOA", "pfoa_related")}),
        ("8:2 FTOH", {("PFOA", "pfoa_related")}),
        ("PFHxS", {("PFHXS", "pfhxs_acid_salts"), ("PFHXS", "pfhxs_related")}),
        ("PFHxSA", {("PFHXS", "pfhxs_related")}),
        ("amoxicillin", {("ANTIBIOTICS", "penam")}),
        ("ceftriaxone", {("ANTIBIOTICS", "cephem")}),
        ("nalidixic acid", {("ANTIBIOTICS", "quinolone")}),
        ("sulfadiazine", {("ANTIBIOTICS", "sulfonamide")}),
    ],
)
def test_rule_level_matches(name, rules):
    found = {rule for rule in matched_rules(MOLECULES[name]) if rule[0] != "PFAS_OECD"}
    assert found == rules


def test_sccp_chlorine_fractions():
    # Cl mass fractions computed here from RDKit's average atomic weights.
    assert chlorine_fraction(MOLECULES["SCCP C10H17Cl5"]) == pytest.approx(0.564, abs=1e-3)
    assert chlorine_fraction(MOLECULES["SCCP C12H20Cl6"]) > 0.48
    assert chlorine_fraction(MOLECULES["MCCP C14H24Cl6"]) > 0.48  # excluded by chain length
    assert chlorine_fraction(MOLECULES["C11H22Cl2"]) < 0.35
    assert 0.35 < chlorine_fraction(MOLECULES["C11H21Cl3"]) < 0.48
    for name in ("SCCP C10H17Cl5", "SCCP C12H20Cl6", "C11H22Cl2", "C11H21Cl3"):
        formula = identify(MOLECULES[name]).formula
        assert formula == name.rsplit(" ", 1)[-1], name


def test_nonylphenol_formulas():
    for name in (
        "4-n-nonylphenol",
        "4-(1,6-dimethylheptyl)phenol",
        "4-(1,1-dimethylheptyl)phenol",
        "2-nonylphenol",
        "4-heptyl-2,6-dimethylphenol",
    ):
        assert identify(MOLECULES[name]).formula == "C15H24O", name


def test_composition_rule_matches():
    sccp = CompositionRule(
        elements=frozenset({"C", "H", "Cl"}),
        counts=(("C", 10, 13), ("Cl", 1, 28)),
        mass_fraction_min=(("Cl", 0.48),),
        acyclic=True,
        saturated=True,
    )
    assert sccp.matches(Chem.MolFromSmiles(MOLECULES["SCCP C10H17Cl5"]))
    assert not sccp.matches(Chem.MolFromSmiles(MOLECULES["chlorocyclododecane"]))
    assert CompositionRule(formula="C8HF15O2").matches(Chem.MolFromSmiles(MOLECULES["PFOA"]))
    heavy_water = Chem.MolFromSmiles("[2H]O[2H]")
    assert CompositionRule(elements=frozenset({"H", "O"})).matches(heavy_water)
    assert CompositionRule(counts=(("H", 2, 2),)).matches(heavy_water)


# ---------------------------------------------------------------------------------------------
# screening


def test_screened_classifier_equals_naive_on_all_molecules():
    matched = 0
    for name, smiles in MOLECULES.items():
        screened = CLASSIFIER.classify(smiles)
        assert screened == naive_classify(smiles, RULES), name
        matched += bool(screened)
    assert matched > 100


def test_pattern_fingerprint_screen_rejects_impossible_queries():
    pfos_rule = next(rule for rule in RULES if rule.group_code == "PFOS")
    query = compile_smarts(pfos_rule.any_of[0])  # acid and salts
    benzene = Chem.PatternFingerprint(Chem.MolFromSmiles("c1ccccc1"))
    pfos = Chem.PatternFingerprint(Chem.MolFromSmiles(MOLECULES["K-PFOS"]))
    query_fp = Chem.PatternFingerprint(query)
    assert not DataStructs.AllProbeBitsMatch(query_fp, benzene)
    assert DataStructs.AllProbeBitsMatch(query_fp, pfos)
